import { createHash } from 'node:crypto';

export interface SimAnswer {
  status: number;
  body: unknown;
}

interface Entry {
  fingerprint: string;
  answer: Promise<SimAnswer>;
}

const MAX_ENTRIES = 200_000;

/**
 * The supplier's own idempotency tokens: the same token with the same request gets the first
 * answer (even while that one is still being computed), never a second hold; the same token
 * with another request is refused. 5xx answers are not remembered, so a retry runs again.
 */
export class IdempotencyTokens {
  private readonly entries = new Map<string, Entry>();

  run(scope: string, token: string, request: unknown, work: () => Promise<SimAnswer>): Promise<SimAnswer> {
    const key = `${scope}\n${token}`;
    const fingerprint = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const existing = this.entries.get(key);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        return Promise.resolve({
          status: 422,
          body: { error_code: 'IDEMPOTENCY_MISMATCH', message: 'token already used for another request' },
        });
      }
      return existing.answer;
    }
    const answer = work().then((result) => {
      if (result.status >= 500) this.entries.delete(key);
      return result;
    });
    answer.catch(() => this.entries.delete(key));
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { fingerprint, answer });
    return answer;
  }

  clear() {
    this.entries.clear();
  }
}
