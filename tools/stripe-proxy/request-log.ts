import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** What the proxy did with a request. */
export type Outcome =
  /** Sent to localstripe (first use of its Idempotency-Key, or no key). */
  | 'forwarded'
  /** Answered from the stored first answer of its Idempotency-Key; localstripe never saw it. */
  | 'replayed'
  /** Same key, other method, path or parameters: 400 idempotency_error. */
  | 'idempotency_mismatch'
  /** Same key while its first request was still running: 409, never forwarded. */
  | 'idempotency_in_flight'
  /** Refused by the proxy itself (body too large, key too long), as Stripe would refuse it. */
  | 'refused'
  /** localstripe did not answer: 502, nothing stored. */
  | 'upstream_failed';

/** One JSONL line per request. Never the body itself: a PaymentMethod body holds a card number. */
export interface LoggedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  idempotencyKey: string | null;
  /** HMAC-SHA256 (hex, key random per proxy process) of the raw form body; null without one. */
  bodyHash: string | null;
  status: number;
  outcome: Outcome;
  /** `id` and `object` of a JSON answer that has them: the Stripe object the request made or read. */
  objectId: string | null;
  objectType: string | null;
}

export interface RequestFilter {
  idempotencyKey?: string;
  keyPrefix?: string;
  /** Exact path, query string excluded. */
  path?: string;
  objectId?: string;
  afterSeq?: number;
}

/** Enough for any test run; older lines stay in the file. */
const MAX_IN_MEMORY = 200_000;

function matches(entry: LoggedRequest, filter: RequestFilter): boolean {
  const key = entry.idempotencyKey;
  return (
    (filter.idempotencyKey === undefined || key === filter.idempotencyKey) &&
    (filter.keyPrefix === undefined || (key !== null && key.startsWith(filter.keyPrefix))) &&
    (filter.path === undefined || entry.path.split('?')[0] === filter.path) &&
    (filter.objectId === undefined || entry.objectId === filter.objectId) &&
    (filter.afterSeq === undefined || entry.seq > filter.afterSeq)
  );
}

/** Appends every request to a JSONL file and answers tests' queries from memory. */
export class RequestLog {
  private readonly entries: LoggedRequest[] = [];
  private seq = 0;

  constructor(private readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
  }

  record(entry: Omit<LoggedRequest, 'seq' | 'at'>): LoggedRequest {
    this.seq += 1;
    const logged: LoggedRequest = { seq: this.seq, at: new Date().toISOString(), ...entry };
    // Synchronous, so lines are in answer order and complete before the answer leaves.
    appendFileSync(this.file, `${JSON.stringify(logged)}\n`);
    this.entries.push(logged);
    if (this.entries.length > MAX_IN_MEMORY * 1.1)
      this.entries.splice(0, this.entries.length - MAX_IN_MEMORY);
    return logged;
  }

  find(filter: RequestFilter, limit: number): LoggedRequest[] {
    const found: LoggedRequest[] = [];
    for (const entry of this.entries) {
      if (!matches(entry, filter)) continue;
      found.push(entry);
      if (found.length >= limit) break;
    }
    return found;
  }
}
