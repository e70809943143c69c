import { api, problemText, type Answer } from '../api';
import { busy, errorBox, field, h } from '../dom';
import { moment, money } from '../format';
import { isStaff } from '../session';

interface Refund {
  id: string;
  bookingId: string;
  amountMinor: number;
  currency: string;
  reason: string;
  status: string;
  fourEyes: boolean;
  createdAt: string;
}

interface Review {
  id: string;
  kind: string;
  hotelId: string | null;
  route: { origin: string; destination: string } | null;
  overall: number;
  title: string;
  text: string;
  status: string;
}

const REVIEW_REASONS = ['spam', 'offensive', 'off_topic', 'personal_data', 'fake', 'other'];

/** One decision button: its own Idempotency-Key, made when the item is shown, so a retry is the same decision. */
function decision(
  label: string,
  path: string,
  body: () => unknown,
  done: (text: string) => void,
  problem: ReturnType<typeof errorBox>,
) {
  const key = crypto.randomUUID();
  const button = h('button', { type: 'button' }, label);
  button.addEventListener('click', () => {
    void busy(button.parentElement ?? button, async () => {
      problem.clear();
      const answer = await api<{ status?: string }>('POST', path, body(), { 'Idempotency-Key': key });
      if (answer.status >= 300) return problem.show(problemText(answer));
      done(answer.json.status ?? 'done');
    });
  });
  return button;
}

function refundItem(refund: Refund): HTMLElement {
  const problem = errorBox();
  const outcome = h('p', { role: 'status' });
  const mfa = h('input', {
    name: 'mfaCode',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    pattern: '[0-9]{6}',
  });
  const denyReason = h('input', { name: 'reason', value: 'not_eligible', pattern: '[a-z0-9_]{1,64}' });
  const item = h(
    'li',
    { class: 'result' },
    h(
      'p',
      {},
      `${money(refund.amountMinor, refund.currency)} for booking ${refund.bookingId} (${refund.reason.replace(/_/g, ' ')}), asked ${moment(refund.createdAt)}`,
    ),
    refund.fourEyes
      ? h('p', { class: 'hint' }, 'Above the threshold: a second administrator approves, with an MFA code.')
      : null,
    field('Your MFA code (to approve)', mfa),
    field('Reason code (to deny)', denyReason),
    problem.element,
  );
  const done = (text: string) => (outcome.textContent = `Refund ${text}.`);
  item.append(
    decision(
      'Approve',
      `/api/v1/refunds/${refund.id}/approve`,
      () => (mfa.value ? { mfaCode: mfa.value } : {}),
      done,
      problem,
    ),
    decision(
      'Deny',
      `/api/v1/refunds/${refund.id}/deny`,
      () => ({ reason: denyReason.value }),
      done,
      problem,
    ),
    outcome,
  );
  return item;
}

function reviewItem(review: Review): HTMLElement {
  const problem = errorBox();
  const outcome = h('p', { role: 'status' });
  const reason = h(
    'select',
    { name: 'reason' },
    ...REVIEW_REASONS.map((r) => h('option', { value: r }, r.replace(/_/g, ' '))),
  );
  const about = review.hotelId
    ? `hotel ${review.hotelId}`
    : `flight ${review.route?.origin ?? ''} → ${review.route?.destination ?? ''}`;
  const done = (text: string) => (outcome.textContent = `Review ${text}.`);
  // Title and text are plain text written by customers: textContent only, never markup.
  return h(
    'li',
    { class: 'result' },
    h('h3', {}, review.title),
    h('p', {}, `${review.overall} of 5 · ${about} · ${review.status}`),
    h('p', {}, review.text),
    field('Reason (to reject)', reason),
    problem.element,
    decision('Publish', `/api/v1/reviews/${review.id}/publish`, () => undefined, done, problem),
    decision(
      'Reject',
      `/api/v1/reviews/${review.id}/reject`,
      () => ({ reason: reason.value }),
      done,
      problem,
    ),
    outcome,
  );
}

/** `#/staff`: pending refund approvals and the review moderation queue, for platform administrators. */
export async function staffPage(main: HTMLElement): Promise<void> {
  main.append(h('h1', {}, 'Staff'));
  if (!isStaff()) {
    main.append(h('p', {}, 'This page is for platform administrators.'));
    return;
  }
  const [refunds, pending, reported] = await Promise.all([
    api<{ refunds: Refund[] }>('GET', '/api/v1/refunds?status=pending'),
    api<{ reviews: Review[] }>('GET', '/api/v1/reviews/moderation?queue=pending'),
    api<{ reviews: Review[] }>('GET', '/api/v1/reviews/moderation?queue=reported'),
  ]);
  const list = <T>(title: string, answer: Answer<T>, items: (json: T) => HTMLElement[]) =>
    h(
      'section',
      { 'aria-label': title },
      h('h2', {}, title),
      answer.status !== 200
        ? h('p', { class: 'error' }, problemText(answer))
        : ((found) =>
            found.length ? h('ul', { class: 'result-list' }, ...found) : h('p', {}, 'Nothing waiting.'))(
            items(answer.json),
          ),
    );
  main.append(
    list('Refunds waiting for approval', refunds, (j) => j.refunds.map(refundItem)),
    list('Reviews waiting for moderation', pending, (j) => j.reviews.map(reviewItem)),
    list('Published reviews with abuse reports', reported, (j) => j.reviews.map(reviewItem)),
  );
}
