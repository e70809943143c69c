/** The first answer to a key, kept for replay. Only answers below 500 are ever stored. */
export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** What either store knows about a (user, key). */
export type IdempotencyRecord =
  | { status: 'in_flight'; fingerprint: string; lockToken: string }
  | { status: 'completed'; fingerprint: string; response: StoredResponse };

/** One request's claim on a key. */
export interface IdempotencyScope {
  userId: string;
  key: string;
  fingerprint: string;
}

export type BeginOutcome =
  | { kind: 'proceed'; lockToken: string }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' };

/** What an existing record means for a request with `fingerprint`. */
export function outcomeFor(
  record: IdempotencyRecord,
  fingerprint: string,
): Exclude<BeginOutcome, { kind: 'proceed' }> {
  if (record.fingerprint !== fingerprint) return { kind: 'mismatch' };
  return record.status === 'completed'
    ? { kind: 'replay', response: record.response }
    : { kind: 'in_flight' };
}
