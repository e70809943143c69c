/**
 * Hash routes (`#/search`, `#/bookings/<id>`): one page served by the API, no server routes per
 * screen. Links from emails carry tokens in the fragment too (`#verify-email=…`), handled by main.
 */

export type Render = (
  main: HTMLElement,
  params: Record<string, string>,
  query: URLSearchParams,
) => Promise<void>;

interface Route {
  pattern: RegExp;
  names: string[];
  render: Render;
  title: string;
}

const routes: Route[] = [];

export function route(path: string, title: string, render: Render): void {
  const names: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}$`,
  );
  routes.push({ pattern, names, render, title });
}

export function go(path: string): void {
  window.location.hash = `#${path}`;
}

/** Renders the screen of the current hash into `main` and moves focus to its heading. */
export async function renderCurrent(main: HTMLElement, fallback: string): Promise<void> {
  const raw = window.location.hash.replace(/^#/, '') || fallback;
  const [path = fallback, queryString = ''] = raw.split('?');
  const found = routes.find((r) => r.pattern.test(path)) ?? routes.find((r) => r.pattern.test(fallback));
  if (!found) return;
  const match = found.pattern.exec(path) ?? [];
  const params = Object.fromEntries(found.names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? '')]));
  document.title = `${found.title} — TravelHub`;
  main.replaceChildren();
  const status = document.getElementById('status');
  if (status) status.textContent = '';
  main.setAttribute('aria-busy', 'true');
  try {
    await found.render(main, params, new URLSearchParams(queryString));
  } finally {
    main.removeAttribute('aria-busy');
  }
  const heading = main.querySelector<HTMLElement>('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
  document.body.dataset.screen = found.title;
}
