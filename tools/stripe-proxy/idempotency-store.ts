/** An answer kept for replay, byte for byte. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type Admission =
  { kind: 'first' } | { kind: 'replay'; answer: StoredAnswer } | { kind: 'mismatch' } | { kind: 'in_flight' };

interface Entry {
  fingerprint: string;
  expiresAt: number;
  /** Absent while the first request is still with localstripe. */
  answer?: StoredAnswer;
}

/** Stripe prunes keys after at least 24 hours. */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Stripe's idempotency semantics for one account: the first request of a key runs, later ones
 * with the same fingerprint get its answer, with another fingerprint a refusal, and while the
 * first still runs a conflict, so two requests of one key never both reach localstripe. Keys
 * live in memory, as long as localstripe's own objects (both start empty).
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly lifetimeMs = KEY_LIFETIME_MS,
    private readonly now: () => number = Date.now,
  ) {}

  admit(key: string, fingerprint: string): Admission {
    this.prune();
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { fingerprint, expiresAt: this.now() + this.lifetimeMs });
      return { kind: 'first' };
    }
    if (entry.fingerprint !== fingerprint) return { kind: 'mismatch' };
    return entry.answer ? { kind: 'replay', answer: entry.answer } : { kind: 'in_flight' };
  }

  /** The first request's answer: replayed from now on. */
  complete(key: string, answer: StoredAnswer): void {
    const entry = this.entries.get(key);
    if (entry) entry.answer = answer;
  }

  /** The first request did not execute (no answer, or refused before running): the key is free again. */
  release(key: string): void {
    const entry = this.entries.get(key);
    if (entry && !entry.answer) this.entries.delete(key);
  }

  /** Map order is insertion order, so expired keys are at the front. */
  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      if (entry.answer) this.entries.delete(key);
    }
  }
}
