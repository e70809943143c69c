import { checkCard, checkCvc, checkExpiry, checkNumber, type CardField, type CardInput } from '../card-rules';
import { MESSAGE_SOURCE, parentMessage, type FrameToParent } from '../messages';

/**
 * The card frame's script: the customer types the card here, on the card origin; the shop page
 * (the one allowed parent, named by the server in data-parent) gets the PaymentMethod's id only.
 * Messages go to that origin only, and only that origin's window is listened to.
 */
const parentOrigin = document.body.dataset.parent ?? '';
const FIELDS: CardField[] = ['number', 'expiry', 'cvc'];
const checks: Record<CardField, (value: string) => string | undefined> = {
  number: checkNumber,
  expiry: (value) => checkExpiry(value, new Date()),
  cvc: checkCvc,
};
const touched = new Set<CardField>();

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const input = (field: CardField) => element<HTMLInputElement>(field);

function post(message: FrameToParent): void {
  window.parent.postMessage({ source: MESSAGE_SOURCE, ...message }, parentOrigin);
}

function typed(): CardInput {
  return { number: input('number').value, expiry: input('expiry').value, cvc: input('cvc').value };
}

function showError(field: CardField, message: string | undefined): void {
  const line = element<HTMLParagraphElement>(`${field}-error`);
  line.textContent = message ?? '';
  line.hidden = !message;
  input(field).setAttribute('aria-invalid', message ? 'true' : 'false');
}

/** Errors show for fields the customer has left (or all of them when asked to pay). */
function refresh(): void {
  let firstError: string | undefined;
  for (const field of FIELDS) {
    const error = touched.has(field) ? checks[field](input(field).value) : undefined;
    showError(field, error);
    firstError ??= error;
  }
  const complete = checkCard(typed(), new Date()).ok;
  post({ type: 'change', complete, ...(firstError && { error: firstError }) });
}

function setStatus(text: string): void {
  element<HTMLParagraphElement>('form-status').textContent = text;
}

async function callService(
  path: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

const messageOf = (json: Record<string, unknown>) =>
  typeof json.message === 'string' ? json.message : 'The card could not be used; try again.';

async function createPaymentMethod(requestId: string): Promise<void> {
  for (const field of FIELDS) touched.add(field);
  refresh();
  const checked = checkCard(typed(), new Date());
  if (!checked.ok) {
    const first = FIELDS.map((f) => checked.errors[f]).find(Boolean)!;
    input(FIELDS.find((f) => checked.errors[f])!).focus();
    return post({ type: 'error', requestId, message: first });
  }
  setStatus('Checking the card…');
  const answer = await callService('/v1/payment_methods', typed()).catch(() => null);
  setStatus('');
  if (answer?.status !== 200) {
    return post({
      type: 'error',
      requestId,
      message: answer ? messageOf(answer.json) : 'The card service did not answer; try again.',
    });
  }
  const card = answer.json.card as { brand: string; last4: string };
  post({
    type: 'payment-method',
    requestId,
    paymentMethodId: String(answer.json.id),
    brand: card.brand,
    last4: card.last4,
  });
}

/** Stripe's test challenge, drawn inside the frame: the customer completes or fails it. */
function handleNextAction(requestId: string, clientSecret: string): void {
  const form = element<HTMLFormElement>('card-form');
  const challenge = element<HTMLElement>('challenge');
  form.hidden = true;
  challenge.hidden = false;
  element<HTMLHeadingElement>('challenge-title').focus();
  const buttons = [
    element<HTMLButtonElement>('complete-authentication'),
    element<HTMLButtonElement>('fail-authentication'),
  ];
  const answer = async (success: boolean) => {
    buttons.forEach((b) => (b.onclick = null));
    const result = await callService('/v1/3ds/authenticate', { clientSecret, success }).catch(() => null);
    challenge.hidden = true;
    form.hidden = false;
    if (result?.status !== 200) {
      return post({
        type: 'error',
        requestId,
        message: result ? messageOf(result.json) : 'The card service did not answer; try again.',
      });
    }
    post({ type: 'next-action-done', requestId, succeeded: result.json.succeeded === true });
  };
  buttons[0]!.onclick = () => void answer(true);
  buttons[1]!.onclick = () => void answer(false);
}

function start(): void {
  if (window.parent === window || !parentOrigin) {
    element<HTMLFormElement>('card-form').hidden = true;
    element<HTMLParagraphElement>('not-embedded').hidden = false;
    return;
  }
  element<HTMLFormElement>('card-form').addEventListener('submit', (event) => event.preventDefault());
  for (const field of FIELDS) {
    input(field).addEventListener('input', refresh);
    input(field).addEventListener('blur', () => {
      if (input(field).value !== '') touched.add(field);
      refresh();
    });
  }
  window.addEventListener('message', (event: MessageEvent) => {
    if (event.origin !== parentOrigin || event.source !== window.parent) return;
    const message = parentMessage(event.data);
    if (message?.type === 'create-payment-method') void createPaymentMethod(message.requestId);
    else if (message?.type === 'handle-next-action')
      handleNextAction(message.requestId, message.clientSecret);
  });
  post({ type: 'ready' });
}

start();
