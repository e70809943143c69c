import type { AccessTokenSubject } from './access-token';

interface Entry {
  subject: AccessTokenSubject;
  expiresAtMs: number;
}

/**
 * Remembers access tokens that passport-jwt has fully verified, until their own `exp`, so a
 * client presenting the same token again costs a map lookup instead of an ES256 verification
 * (which costs more than the rest of a request). Only successes are kept, keyed by the exact
 * token text: a token differing in any byte, signature included, is verified afresh. The key set
 * is fixed for the life of the process, so a remembered verdict cannot go stale; revocation is
 * unaffected because the session is still checked in Redis on every request. Bounded: the oldest
 * entries go first.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 10_000) {}

  get(token: string, nowMs: number): AccessTokenSubject | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.subject;
  }

  remember(token: string, subject: AccessTokenSubject, expiresAtMs: number): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { subject, expiresAtMs });
  }

  get size(): number {
    return this.entries.size;
  }
}
