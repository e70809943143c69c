/** Small DOM helpers: elements are built with textContent and attributes, never from HTML strings. */

export type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
  return element;
}

let ids = 0;
/** A fresh element id, for label/input pairs and aria references. */
export const newId = (prefix: string) => `${prefix}-${(ids += 1)}`;

/** A labelled control: `<div class="field"><label for>…</label><control/><hint/></div>`. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
): HTMLDivElement {
  control.id ||= newId('f');
  const wrapper = h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
  if (hint) {
    const hintId = newId('hint');
    control.setAttribute('aria-describedby', hintId);
    wrapper.append(h('p', { id: hintId, class: 'hint' }, hint));
  }
  return wrapper;
}

/** The page-wide polite status line (for screen readers and everyone). */
export function announce(text: string): void {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
}

/** An error box in a form or section: shown in words, announced, focusable. */
export function errorBox(): { element: HTMLParagraphElement; show(text: string): void; clear(): void } {
  const element = h('p', { class: 'error', role: 'alert', tabindex: -1, hidden: true });
  return {
    element,
    show(text) {
      element.textContent = text;
      element.hidden = false;
    },
    clear() {
      element.textContent = '';
      element.hidden = true;
    },
  };
}

/** A form's non-empty string values by control name. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form).entries()) {
    if (typeof value === 'string' && value.trim() !== '') values[name] = value.trim();
  }
  return values;
}

/** Marks a form busy (no double submit) while `work` runs. */
export async function busy<T>(form: HTMLElement, work: () => Promise<T>): Promise<T | undefined> {
  if (form.getAttribute('aria-busy') === 'true') return undefined;
  form.setAttribute('aria-busy', 'true');
  const buttons = [...form.querySelectorAll('button')];
  for (const b of buttons) b.disabled = true;
  try {
    return await work();
  } finally {
    form.removeAttribute('aria-busy');
    for (const b of buttons) b.disabled = false;
  }
}
