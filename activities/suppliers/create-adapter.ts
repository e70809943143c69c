import { ApplicationFailure } from '@temporalio/common';
import * as yup from 'yup';
import { errorAnswer, holdAnswer, pageEnvelope, quoteAnswer, releaseAnswer } from './answer-schemas';
import type { SupplierBreaker } from './circuit-breaker';
import { SupplierFailure } from './failures';
import type { SupplierHttp, SupplierResponse } from './http-client';
import type { FeedPage, HoldStatus, SupplierAdapter, SupplierHold, SupplierName } from './types';

/** What differs between suppliers: how an item is sent and what a feed item looks like. */
export interface AdapterSpec<Item, FeedItem> {
  name: SupplierName;
  wireItem(item: Item): Record<string, unknown>;
  feedItem: yup.AnyObjectSchema;
  toInventory(valid: never): FeedItem;
}

export interface AdapterDeps {
  http: SupplierHttp;
  breaker: SupplierBreaker;
}

const BOOKING_ID = /^[A-Za-z0-9-]{1,64}$/;
const FEED_LIMIT_MAX = 1000;

function validated<T>(name: SupplierName, schema: yup.Schema<T>, body: unknown): T {
  try {
    return schema.validateSync(body, { strict: true }) as T;
  } catch (error) {
    // Never the supplier's value in the message: it may be huge or hostile.
    const e = error as yup.ValidationError;
    throw SupplierFailure.invalidAnswer(name, `${e.path || 'answer'} failed ${e.type ?? 'validation'}`);
  }
}

function refusal(name: SupplierName, response: SupplierResponse): ApplicationFailure {
  if (response.status === 401 || response.status === 403) return SupplierFailure.authFailed(name);
  const code = errorAnswer.isValidSync(response.body, { strict: true })
    ? (response.body as { error_code: string }).error_code
    : `HTTP_${response.status}`;
  if (code === 'SOLD_OUT') return SupplierFailure.soldOut(name);
  if (code === 'HOLD_EXPIRED') return SupplierFailure.holdExpired(name);
  return SupplierFailure.refused(name, code);
}

function toHold(valid: yup.InferType<typeof holdAnswer>): SupplierHold {
  return {
    holdId: valid.hold_id,
    status: valid.status,
    totalMinor: valid.total_minor,
    currency: valid.currency,
    expiresAt: valid.expires_at,
    confirmationCode: valid.confirmation_code,
    startsAt: new Date(valid.starts_at).toISOString(),
    cancellationPolicy: {
      freeUntilDays: valid.cancellation_policy.free_until_days,
      lateDeductionPercent: valid.cancellation_policy.late_deduction_percent,
    },
    cancellation: valid.cancellation && {
      feeMinor: valid.cancellation.fee_minor,
      refundMinor: valid.cancellation.refund_minor,
    },
  };
}

/**
 * A supplier adapter over signed HTTP, behind the supplier's breaker. Every answer is validated
 * before anything is read from it; an invalid one is refused whole (SEC-SUP-03). Mutations send
 * an idempotency token derived from the booking, so retries repeat, never duplicate.
 */
export function createAdapter<Item, FeedItem>(
  spec: AdapterSpec<Item, FeedItem>,
  { http, breaker }: AdapterDeps,
): SupplierAdapter<Item, FeedItem> {
  const { name } = spec;
  /** `booking/<id>/<step>`, or `booking/<id>/change/<offerId>/<step>` for a change's own steps. */
  const token = (bookingId: string, step: string, changeId?: string) => {
    if (!BOOKING_ID.test(bookingId) || (changeId !== undefined && !BOOKING_ID.test(changeId)))
      throw ApplicationFailure.nonRetryable('invalid booking id', 'InvalidInput');
    return changeId ? `booking/${bookingId}/change/${changeId}/${step}` : `booking/${bookingId}/${step}`;
  };
  const exchange = <T>(method: 'GET' | 'POST', path: string, payload: unknown, schema: yup.Schema<T>) =>
    breaker.run(async () => {
      const response = await http(method, path, payload);
      if (response.status !== 200 && response.status !== 201) throw refusal(name, response);
      return validated(name, schema, response.body);
    });
  const holdIn = async (path: string, payload: unknown, expected: HoldStatus[]) => {
    const hold = toHold(await exchange('POST', path, payload, holdAnswer));
    if (!expected.includes(hold.status))
      throw SupplierFailure.invalidAnswer(name, `unexpected status ${hold.status}`);
    return hold;
  };

  return {
    name,
    async quote(item) {
      const valid = await exchange('POST', '/quotes', { item: spec.wireItem(item) }, quoteAnswer);
      return { available: valid.available, totalMinor: valid.total_minor, currency: valid.currency };
    },
    hold(bookingId, item, options = {}) {
      const payload = {
        idempotency_token: token(bookingId, 'hold', options.changeId),
        item: spec.wireItem(item),
      };
      const ttl = options.ttlSeconds === undefined ? {} : { ttl_seconds: options.ttlSeconds };
      return holdIn('/holds', { ...payload, ...ttl }, ['held']);
    },
    async confirm(bookingId, holdId, changeId) {
      const hold = await holdIn(
        '/holds/confirm',
        { idempotency_token: token(bookingId, 'confirm', changeId), hold_id: holdId },
        ['confirmed'],
      );
      if (!hold.confirmationCode) throw SupplierFailure.invalidAnswer(name, 'confirmation without a code');
      return hold;
    },
    async release(bookingId, changeId) {
      const payload = {
        idempotency_token: token(bookingId, 'release', changeId),
        hold_token: token(bookingId, 'hold', changeId),
      };
      const valid = await exchange('POST', '/holds/release', payload, releaseAnswer);
      return { released: valid.released, holdId: valid.hold?.hold_id ?? null };
    },
    async cancel(bookingId, holdId, changeId) {
      const hold = await holdIn(
        '/holds/cancel',
        { idempotency_token: token(bookingId, 'cancel', changeId), hold_id: holdId },
        ['cancelled'],
      );
      if (!hold.cancellation) throw SupplierFailure.invalidAnswer(name, 'cancellation without its terms');
      return hold;
    },
    async feedPage(cursor, limit = 500): Promise<FeedPage<FeedItem>> {
      const size = Math.min(Math.max(1, Math.floor(limit)), FEED_LIMIT_MAX);
      const query = new URLSearchParams({ limit: String(size), ...(cursor ? { cursor } : {}) });
      const page = await exchange('GET', `/inventory?${query}`, undefined, pageEnvelope);
      const items: FeedItem[] = [];
      for (const raw of page.items) {
        // A bad item is dropped and counted; the rest of the page is still good data.
        if (spec.feedItem.isValidSync(raw, { strict: true })) items.push(spec.toInventory(raw as never));
      }
      return {
        items,
        nextCursor: page.next_cursor,
        total: page.total,
        rejected: page.items.length - items.length,
        availabilityStart: page.availability_start,
        days: page.days,
      };
    },
  };
}
