import { QueryTypes, type Sequelize } from 'sequelize';
import type { IdempotencyRecord, IdempotencyScope, StoredResponse } from './record';

interface RecordRow {
  fingerprint: string;
  status: 'in_flight' | 'completed';
  lock_token: string | null;
  response_status: number | null;
  response_body: unknown;
  response_headers: Record<string, string> | null;
  ttl_ms: string;
}

// A new key is inserted; an expired one (lock of a crashed request, or past the replay period)
// is taken over in the same statement. A live row is left alone and nothing is returned.
const CLAIM = `
  INSERT INTO idempotency_records (user_id, idempotency_key, fingerprint, status, lock_token, expires_at)
  VALUES ($1, $2, $3, 'in_flight', $4, now() + $5::bigint * interval '1 millisecond')
  ON CONFLICT (user_id, idempotency_key) DO UPDATE
    SET fingerprint = EXCLUDED.fingerprint, status = 'in_flight', lock_token = EXCLUDED.lock_token,
        response_status = NULL, response_body = NULL, response_headers = NULL,
        created_at = now(), expires_at = EXCLUDED.expires_at
    WHERE idempotency_records.expires_at <= now()
  RETURNING lock_token`;

const FIND = `
  SELECT fingerprint, status, lock_token, response_status, response_body, response_headers,
         GREATEST(1, floor(extract(epoch FROM expires_at - now()) * 1000))::bigint AS ttl_ms
  FROM idempotency_records
  WHERE user_id = $1 AND idempotency_key = $2 AND expires_at > now()`;

const COMPLETE = `
  UPDATE idempotency_records
  SET status = 'completed', response_status = $4, response_body = $5::jsonb, response_headers = $6::jsonb,
      expires_at = now() + $7::bigint * interval '1 millisecond'
  WHERE user_id = $1 AND idempotency_key = $2 AND lock_token = $3 AND status = 'in_flight'
  RETURNING id`;

const RELEASE = `
  DELETE FROM idempotency_records
  WHERE user_id = $1 AND idempotency_key = $2 AND lock_token = $3 AND status = 'in_flight'
  RETURNING id`;

const PURGE_EXPIRED = `
  DELETE FROM idempotency_records
  WHERE id IN (SELECT id FROM idempotency_records WHERE expires_at <= coalesce($2::timestamptz, now()) LIMIT $1)
  RETURNING id`;

function toRecord(row: RecordRow): IdempotencyRecord {
  if (row.status === 'in_flight') {
    return { status: 'in_flight', fingerprint: row.fingerprint, lockToken: row.lock_token ?? '' };
  }
  const response: StoredResponse = {
    status: Number(row.response_status),
    body: row.response_body,
    headers: row.response_headers ?? {},
  };
  return { status: 'completed', fingerprint: row.fingerprint, response };
}

/** SEC-IDEM-02: the durable records, through Sequelize with bound parameters only (SEC-VAL-05). */
export function postgresRecords(sequelize: Sequelize) {
  const rows = <T extends object = Record<string, unknown>>(sql: string, bind: unknown[]): Promise<T[]> =>
    sequelize.query<T>(sql, { bind, type: QueryTypes.SELECT });

  return {
    /** True when this request now holds the key. */
    async claim(scope: IdempotencyScope, lockToken: string, lockTtlMs: number): Promise<boolean> {
      const claimed = await rows(CLAIM, [scope.userId, scope.key, scope.fingerprint, lockToken, lockTtlMs]);
      return claimed.length === 1;
    },

    /** The live record and how long it has left, if any. */
    async find(scope: IdempotencyScope): Promise<{ record: IdempotencyRecord; ttlMs: number } | undefined> {
      const [row] = await rows<RecordRow>(FIND, [scope.userId, scope.key]);
      return row && { record: toRecord(row), ttlMs: Number(row.ttl_ms) };
    },

    /** False when the lock was lost (expired and taken over): the row is then someone else's. */
    async complete(
      scope: IdempotencyScope,
      lockToken: string,
      response: StoredResponse,
      retentionMs: number,
    ) {
      const body = response.body === undefined ? null : JSON.stringify(response.body);
      const updated = await rows(COMPLETE, [
        scope.userId,
        scope.key,
        lockToken,
        response.status,
        body,
        JSON.stringify(response.headers),
        retentionMs,
      ]);
      return updated.length === 1;
    },

    async release(scope: IdempotencyScope, lockToken: string): Promise<void> {
      await rows(RELEASE, [scope.userId, scope.key, lockToken]);
    },

    /**
     * Retention (SEC-PRIV-03): deletes up to `batch` records expired at `now` (by default the
     * database's clock), returns how many.
     */
    async purgeExpired(batch = 1000, now?: Date): Promise<number> {
      return (await rows(PURGE_EXPIRED, [batch, now ?? null])).length;
    },
  };
}

export type PostgresRecords = ReturnType<typeof postgresRecords>;
