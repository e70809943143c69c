import Stripe from 'stripe';
import { firstAccepted, rotatingSecret, type RotatingSecret } from '../../lib/crypto/rotating-secret';

export type SignatureProblem = 'unsigned' | 'bad_signature' | 'stale' | 'malformed';

export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
  constructor(readonly problem: SignatureProblem) {
    super(`Stripe webhook refused: ${problem}`);
  }
}

/** What the platform reads of an event once its signature holds. */
export interface SignedEvent {
  id: string;
  type: string;
  /** The event's `data.object`, as Stripe sent it. */
  object: Record<string, unknown>;
}

const EVENT_ID = /^evt_[A-Za-z0-9]{1,250}$/;
const EVENT_TYPE = /^[a-z0-9_.]{1,100}$/;

function signedAt(header: string): number | undefined {
  const match = /(?:^|,)\s*t=(\d{1,12})(?:,|$)/.exec(header);
  return match ? Number(match[1]) : undefined;
}

/** The event if `secret` signed it; undefined if no v1 signature is under `secret`. */
function constructUnder(
  rawBody: Buffer,
  header: string,
  secret: string,
  toleranceSeconds: number,
  nowMs: number,
): Stripe.Event | undefined {
  try {
    return Stripe.webhooks.constructEvent(rawBody, header, secret, toleranceSeconds, undefined, nowMs);
  } catch (err) {
    if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
      // Stripe checks the signature before the timestamp: "tolerance" means this secret signed it.
      if (/tolerance/i.test(err.message)) throw new WebhookSignatureError('stale');
      return undefined;
    }
    throw new WebhookSignatureError('malformed'); // a signed body that is not JSON
  }
}

/**
 * SEC-PAY-03: checks `Stripe-Signature` over the raw body bytes with Stripe's own
 * `webhooks.constructEvent`: HMAC-SHA256 over `<t>.<body>`, compared in constant time against
 * every v1 signature in the header (Stripe sends two while a secret is being rolled), and the
 * timestamp at most `toleranceSeconds` old. Stripe's check lets a timestamp from the future
 * through; this refuses one more than the tolerance ahead as well, so no signed event stays
 * valid for longer than the window. SEC-CFG-02: while our configured secret rotates, a signature
 * under the previous one is accepted too (`stripe_webhook_secret_previous`).
 */
export function verifyStripeSignature(
  rawBody: Buffer,
  header: string | undefined,
  secret: string | RotatingSecret<string>,
  toleranceSeconds: number,
  nowMs = Date.now(),
): SignedEvent {
  if (!header) throw new WebhookSignatureError('unsigned');
  const event = firstAccepted(rotatingSecret(secret), (value) =>
    constructUnder(rawBody, header, value, toleranceSeconds, nowMs),
  );
  if (!event) throw new WebhookSignatureError('bad_signature');
  const t = signedAt(header);
  if (t === undefined || t - Math.floor(nowMs / 1000) > toleranceSeconds)
    throw new WebhookSignatureError('stale');
  const object = (event as { data?: { object?: unknown } }).data?.object;
  if (
    typeof event.id !== 'string' ||
    !EVENT_ID.test(event.id) ||
    typeof event.type !== 'string' ||
    !EVENT_TYPE.test(event.type) ||
    typeof object !== 'object' ||
    object === null
  ) {
    throw new WebhookSignatureError('malformed');
  }
  return { id: event.id, type: event.type, object: object as Record<string, unknown> };
}
