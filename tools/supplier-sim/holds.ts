import { randomBytes } from 'node:crypto';
import { cancellationTerms } from '../../services/bookings/cancellation-policy';
import type { Catalogue } from './catalogue';
import type { SimAnswer } from './idempotency';
import { resolveItem, type Item, type PricedItem, type SupplierId } from './items';
import { KeyLock } from './key-lock';

export type HoldStatus = 'held' | 'confirmed' | 'released' | 'expired' | 'cancelled';

export interface Hold {
  id: string;
  supplier: SupplierId;
  /** The idempotency token that created it: releases name the hold by it. */
  token: string;
  item: Item;
  priced: PricedItem;
  status: HoldStatus;
  createdMs: number;
  expiresMs: number;
  confirmationCode: string | null;
  /** How many times the supplier really confirmed it: never more than one. */
  confirmations: number;
  cancellation: { feeMinor: number; refundMinor: number } | null;
}

export interface HoldBookOptions {
  defaultTtlMs: number;
  maxTtlMs: number;
  now?: () => number;
}

const error = (status: number, code: string, message: string): SimAnswer => ({
  status,
  body: { error_code: code, message },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const code = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex').toUpperCase()}`;

/** Holds with a time to live, confirmation, release and cancellation, over the catalogue's units. */
export class HoldBook {
  private readonly holds = new Map<string, Hold>();
  private readonly byToken = new Map<string, Hold>();
  /** Holds still `held`: the only ones that can expire. */
  private readonly active = new Set<Hold>();
  private readonly lock = new KeyLock();
  private readonly now: () => number;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly options: HoldBookOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  view(hold: Hold) {
    return {
      hold_id: hold.id,
      status: hold.status,
      item: hold.item,
      total_minor: hold.priced.totalMinor,
      currency: hold.priced.currency,
      expires_at: new Date(hold.expiresMs).toISOString(),
      confirmation_code: hold.confirmationCode,
      starts_at: new Date(hold.priced.startsAtMs).toISOString(),
      cancellation_policy: {
        free_until_days: hold.priced.cancellation.freeUntilDays,
        late_deduction_percent: hold.priced.cancellation.lateDeductionPercent,
      },
      cancellation: hold.cancellation && {
        fee_minor: hold.cancellation.feeMinor,
        refund_minor: hold.cancellation.refundMinor,
      },
    };
  }

  quote(supplier: SupplierId, item: unknown): SimAnswer {
    this.expireDue();
    const priced = resolveItem(this.catalogue, supplier, item);
    if (typeof priced === 'string') return error(400, 'INVALID_ITEM', priced);
    const available = priced.counters.every((c) => c.left() >= priced.quantity);
    return {
      status: 200,
      body: { item, available, total_minor: priced.totalMinor, currency: priced.currency },
    };
  }

  /** `commitDelayMs` is the reservation system's own work between check and write (fault injection). */
  async hold(supplier: SupplierId, token: string, item: unknown, ttlSeconds: unknown, commitDelayMs = 0) {
    this.expireDue();
    const priced = resolveItem(this.catalogue, supplier, item);
    if (typeof priced === 'string') return error(400, 'INVALID_ITEM', priced);
    const ttlMs = ttlSeconds === undefined ? this.options.defaultTtlMs : Number(ttlSeconds) * 1000;
    if (!Number.isInteger(ttlSeconds ?? 1) || ttlMs < 1000 || ttlMs > this.options.maxTtlMs) {
      return error(400, 'INVALID_TTL', `ttl_seconds must be 1-${this.options.maxTtlMs / 1000}`);
    }
    return this.lock.withKeys(
      priced.counters.map((c) => c.key),
      async () => {
        if (priced.counters.some((c) => c.left() < priced.quantity))
          return error(409, 'SOLD_OUT', 'not available');
        if (commitDelayMs > 0) await sleep(commitDelayMs);
        for (const c of priced.counters) c.add(-priced.quantity);
        const now = this.now();
        const hold: Hold = {
          id: code(supplier === 'hotel' ? 'HH' : 'FH'),
          supplier,
          token,
          item: item as Item,
          priced,
          status: 'held',
          createdMs: now,
          expiresMs: now + ttlMs,
          confirmationCode: null,
          confirmations: 0,
          cancellation: null,
        };
        this.holds.set(hold.id, hold);
        this.active.add(hold);
        this.byToken.set(`${supplier}\n${token}`, hold);
        return { status: 201, body: this.view(hold) };
      },
    );
  }

  confirm(supplier: SupplierId, holdId: unknown): SimAnswer {
    this.expireDue();
    const hold = this.find(supplier, holdId);
    if (!hold) return error(404, 'HOLD_NOT_FOUND', 'no such hold');
    // A second confirmation of a confirmed hold answers the first one: never a second booking.
    if (hold.status === 'confirmed') return { status: 200, body: this.view(hold) };
    if (hold.status === 'expired') return error(409, 'HOLD_EXPIRED', 'the hold expired');
    if (hold.status !== 'held') return error(409, 'HOLD_NOT_ACTIVE', `the hold is ${hold.status}`);
    hold.status = 'confirmed';
    this.active.delete(hold);
    hold.confirmations += 1;
    hold.confirmationCode = code(supplier === 'hotel' ? 'HC' : 'FC');
    return { status: 200, body: this.view(hold) };
  }

  /** Releasing what does not exist, or is already gone, is a no-op that says so. */
  release(supplier: SupplierId, holdToken: string): SimAnswer {
    this.expireDue();
    const hold = this.byToken.get(`${supplier}\n${holdToken}`);
    if (!hold) return { status: 200, body: { released: false, hold: null } };
    if (hold.status === 'confirmed' || hold.status === 'cancelled') {
      return error(409, 'HOLD_CONFIRMED', 'a confirmed hold is cancelled, not released');
    }
    if (hold.status !== 'held') return { status: 200, body: { released: false, hold: this.view(hold) } };
    this.giveBack(hold, 'released');
    return { status: 200, body: { released: true, hold: this.view(hold) } };
  }

  /** On the hotel's or fare's terms (services/bookings/cancellation-policy.ts); never once started. */
  cancel(supplier: SupplierId, holdId: unknown): SimAnswer {
    this.expireDue();
    const hold = this.find(supplier, holdId);
    if (!hold) return error(404, 'HOLD_NOT_FOUND', 'no such hold');
    if (hold.status === 'cancelled') return { status: 200, body: this.view(hold) };
    if (hold.status !== 'confirmed') return error(409, 'HOLD_NOT_CONFIRMED', `the hold is ${hold.status}`);
    const { priced } = hold;
    const terms = cancellationTerms(
      priced.cancellation,
      new Date(priced.startsAtMs),
      priced.totalMinor,
      new Date(this.now()),
    );
    if (!terms) return error(409, 'NOT_CANCELLABLE', 'the stay or flight has started');
    hold.cancellation = { feeMinor: terms.deductionMinor, refundMinor: terms.refundMinor };
    this.giveBack(hold, 'cancelled');
    return { status: 200, body: this.view(hold) };
  }

  get(supplier: SupplierId, holdId: unknown): Hold | undefined {
    this.expireDue();
    return this.find(supplier, holdId);
  }

  list(): Hold[] {
    this.expireDue();
    return [...this.holds.values()];
  }

  /** Holds past their time to live give their units back. */
  expireDue() {
    const now = this.now();
    for (const hold of this.active) {
      if (hold.expiresMs <= now) this.giveBack(hold, 'expired');
    }
  }

  clear() {
    this.holds.clear();
    this.byToken.clear();
    this.active.clear();
  }

  private find(supplier: SupplierId, holdId: unknown): Hold | undefined {
    const hold = typeof holdId === 'string' ? this.holds.get(holdId) : undefined;
    return hold?.supplier === supplier ? hold : undefined;
  }

  private giveBack(hold: Hold, status: HoldStatus) {
    for (const c of hold.priced.counters) c.add(hold.priced.quantity);
    hold.status = status;
    this.active.delete(hold);
  }
}
