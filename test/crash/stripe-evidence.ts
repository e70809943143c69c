import { randomBytes } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { Op } from 'sequelize';
import { paymentModels } from '../../db/models/payment-models';
import { loadConfig } from '../../lib/config';
import { localstripeObject, proxyRequests } from '../payments/helpers/stripe-stack';

const PAYMENT_KEY = /^booking\/([0-9a-f-]{36})\/payment$/;
const CAPTURE_KEY = /^booking\/([0-9a-f-]{36})\/capture$/;
const CREATE_PATH = '/v1/payment_intents';

/** The proxy's sequence number now: requests after it are this run's (and, on a shared stack, others'). */
export async function proxyMark(): Promise<number> {
  const config = loadConfig();
  const probe = `${CREATE_PATH}/pi_crashmark${randomBytes(8).toString('hex')}`;
  await fetch(`${config.stripe.apiUrl}${probe}`, {
    headers: { Authorization: `Bearer ${config.stripe.secretKey}` },
    signal: AbortSignal.timeout(10_000),
  });
  const [logged] = await proxyRequests({ path: probe });
  if (!logged) throw new Error('the recording proxy did not log the probe request');
  return logged.seq;
}

/** The booking a PaymentIntent create's key names (`booking/<id>/payment…`), if any. */
export function bookingOfKey(key: string | null): string | null {
  return /^booking\/([0-9a-f-]{36})\/payment/.exec(key ?? '')?.[1] ?? null;
}

/**
 * Waits (at most `maxMs`) until Stripe answers a PaymentIntent create for one of `bookingIds()`
 * after `since.seq`, which it moves on: the moment a payments worker killed now has sent the
 * create but may not yet have told Temporal, so its retry must not charge again.
 */
export async function waitForCreateAnswer(
  since: { seq: number },
  bookingIds: () => string[],
  maxMs: number,
): Promise<boolean> {
  for (const until = Date.now() + maxMs; Date.now() < until;) {
    // Asked anew each time: the API accepts bookings while this waits.
    const mine = new Set(bookingIds());
    const fresh = await proxyRequests({ path: CREATE_PATH, after_seq: String(since.seq) });
    if (fresh.length > 0) since.seq = fresh[fresh.length - 1]!.seq;
    if (fresh.some((r) => r.method === 'POST' && mine.has(bookingOfKey(r.idempotencyKey) ?? ''))) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

export interface IntentFacts {
  id: string;
  status: string;
  amount: number;
  refunded: number;
  /** What the charge captured (localstripe captures a charge whole). */
  captured: number;
}

export interface BookingPayments {
  /** PaymentIntents Stripe (localstripe) made for the booking: each forwarded create makes one. */
  created: number;
  intents: IntentFacts[];
  /** Creates answered from the proxy's store of the first answer (retries that did not reach Stripe). */
  replayed: number;
  /** Captures forwarded to Stripe under `booking/<id>/capture` (replays of the stored answer not counted). */
  captures: number;
}

async function intentFacts(id: string): Promise<IntentFacts> {
  const pi = await localstripeObject<{ status: string; amount: number; latest_charge: unknown }>(
    `/v1/payment_intents/${id}`,
  );
  const chargeId =
    typeof pi.latest_charge === 'string' ? pi.latest_charge : (pi.latest_charge as { id?: string })?.id;
  const charge = chargeId
    ? await localstripeObject<{ amount_refunded: number; amount: number; captured: boolean }>(
        `/v1/charges/${chargeId}`,
      )
    : { amount_refunded: 0, amount: 0, captured: false };
  return {
    id,
    status: pi.status,
    amount: pi.amount,
    refunded: charge.amount_refunded ?? 0,
    captured: charge.captured ? charge.amount : 0,
  };
}

/**
 * What Stripe did for each booking, from the recording proxy's log after `mark`, attributed by
 * the booking's idempotency key, or, for a create sent under any other key, by the booking id
 * in the PaymentIntent's metadata; plus the PaymentIntent each payments row names. So a
 * PaymentIntent made by a retry with a fresh key is counted against its booking too.
 */
export async function stripeEvidence(
  sequelize: Sequelize,
  bookingIds: string[],
  mark: number,
): Promise<Map<string, BookingPayments>> {
  const mine = new Set(bookingIds);
  const evidence = new Map(
    bookingIds.map((id) => [id, { created: 0, intents: [], replayed: 0, captures: 0 } as BookingPayments]),
  );
  const intentIds = new Map<string, Set<string>>(bookingIds.map((id) => [id, new Set()]));
  const creates = (await proxyRequests({ path: CREATE_PATH, after_seq: String(mark) })).filter(
    (r) => r.method === 'POST',
  );
  for (const r of creates) {
    let bookingId = PAYMENT_KEY.test(r.idempotencyKey ?? '') ? bookingOfKey(r.idempotencyKey) : null;
    if ((!bookingId || !mine.has(bookingId)) && r.objectId?.startsWith('pi_')) {
      const pi = await localstripeObject<{ metadata?: { booking_id?: string } }>(
        `${CREATE_PATH}/${r.objectId}`,
      );
      bookingId = pi.metadata?.booking_id ?? null;
    }
    if (!bookingId || !mine.has(bookingId)) continue; // another engineer's booking on the shared stack
    const e = evidence.get(bookingId)!;
    if (r.outcome === 'forwarded') e.created += 1;
    if (r.outcome === 'replayed') e.replayed += 1;
    if (r.objectId?.startsWith('pi_')) intentIds.get(bookingId)!.add(r.objectId);
  }
  const captures = await proxyRequests({ key_prefix: 'booking/', after_seq: String(mark) });
  for (const r of captures) {
    const bookingId = CAPTURE_KEY.exec(r.idempotencyKey ?? '')?.[1];
    if (r.method === 'POST' && r.outcome === 'forwarded' && bookingId && mine.has(bookingId))
      evidence.get(bookingId)!.captures += 1;
  }
  const { Payment } = paymentModels(sequelize);
  for (const row of await Payment.findAll({ where: { booking_id: { [Op.in]: bookingIds } } })) {
    if (row.stripe_payment_intent_id) intentIds.get(row.booking_id)!.add(row.stripe_payment_intent_id);
  }
  for (const [bookingId, ids] of intentIds) {
    for (const id of ids) evidence.get(bookingId)!.intents.push(await intentFacts(id));
  }
  return evidence;
}
