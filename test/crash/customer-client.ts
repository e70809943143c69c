import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate } from '../payments/helpers/stripe-stack';
import type { PlannedBooking } from './plan';

const TERMINAL = new Set(['CONFIRMED', 'FAILED', 'CANCELLED']);

async function call(base: string, booking: PlannedBooking, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${booking.customer.accessToken}`,
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
      ...(method === 'POST' && path === '/api/v1/bookings' && { 'Idempotency-Key': booking.idempotencyKey }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/**
 * `POST /api/v1/bookings` as a client that keeps its Idempotency-Key: on a network error, a 409
 * (first attempt still running) or a 5xx it sends the same request again.
 */
export async function submit(base: string, booking: PlannedBooking, deadline: number): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    booking.attempts = attempt;
    const answer = await call(base, booking, 'POST', '/api/v1/bookings', booking.body).catch(
      (err: unknown) => ({ status: 0, json: { error: String(err) } as Record<string, unknown> }),
    );
    if (answer.status === 202 && typeof answer.json.id === 'string') return answer.json.id;
    const retryable = answer.status === 0 || answer.status === 409 || answer.status >= 500;
    if (!retryable || Date.now() > deadline) {
      throw new Error(
        `POST /bookings answered ${answer.status} ${JSON.stringify(answer.json).slice(0, 300)}`,
      );
    }
    await sleep(randomInt(250, Math.min(8_000, 500 * 2 ** attempt)));
  }
}

/** The status URL's answer; null while the API cannot say (a worker is down, a query failed). */
async function statusOf(base: string, booking: PlannedBooking) {
  const answer = await call(base, booking, 'GET', `/api/v1/bookings/${booking.bookingId}`).catch(() => null);
  if (answer?.status !== 200) return null;
  return {
    status: String(answer.json.status),
    clientSecret: typeof answer.json.clientSecret === 'string' ? answer.json.clientSecret : null,
  };
}

/** Polls the status URL until Stripe asks for 3-D Secure (the client secret shows) or the booking ended. */
async function clientSecretOf(
  base: string,
  booking: PlannedBooking,
  deadline: number,
): Promise<string | null> {
  while (Date.now() < deadline) {
    const seen = await statusOf(base, booking);
    if (seen?.clientSecret) return seen.clientSecret;
    if (seen && TERMINAL.has(seen.status)) return null;
    await sleep(1_000);
  }
  return null;
}

export interface CustomerActs {
  authenticated: number;
  cancelRequests: number;
  cancelAnswers: Record<string, number>;
}

/**
 * What the customer does after the API accepted the booking: completes 3-D Secure at localstripe
 * after a random pause of up to `maxPauseMs` (sometimes later than the payment window, which
 * then has to refund), or asks for the cancellation, whose answer may be 200, 409 (no longer
 * cancellable) or a timeout while the booking worker is down: the checks afterwards decide.
 */
export async function act(
  base: string,
  booking: PlannedBooking,
  acts: CustomerActs,
  options: { maxPauseMs: number; deadline: number },
): Promise<void> {
  if (booking.behaviour !== 'authenticates' && booking.behaviour !== 'cancels') return;
  const secret = await clientSecretOf(base, booking, options.deadline);
  if (!secret) return;
  await sleep(randomInt(0, options.maxPauseMs));
  if (booking.behaviour === 'authenticates') {
    const done = await authenticate(secret.split('_secret_')[0]!, secret, true).then(
      () => true,
      () => false, // already cancelled by the workflow's timeout: the checks look at what holds
    );
    if (done) acts.authenticated += 1;
    return;
  }
  acts.cancelRequests += 1;
  const answer = await call(base, booking, 'POST', `/api/v1/bookings/${booking.bookingId}/cancel`).catch(
    () => ({ status: 0 }),
  );
  acts.cancelAnswers[answer.status] = (acts.cancelAnswers[answer.status] ?? 0) + 1;
}
