import { createHash, randomUUID } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { config } from '../../../lib/config';
import type { IdempotencyScope } from '../../../lib/idempotency';
import { postgresRecords } from '../../../lib/idempotency/postgres-records';
import type { TestDatabase } from '../../helpers/databases';
import { rawQuery } from '../../audit/helpers/audit-db';

export function newScope(): IdempotencyScope {
  return {
    userId: randomUUID(),
    key: randomUUID(),
    fingerprint: createHash('sha256').update(randomUUID()).digest('hex'),
  };
}

/**
 * Idempotency records written by the store's own Postgres statements (claim, complete), then
 * aged as the superuser: `completedHoursAgo` moves a completed answer back in time, so its
 * replay period (the configured retention, 24 h) ends that much earlier.
 */
export function idempotencyFixtures(app: Sequelize, db: TestDatabase) {
  const pg = postgresRecords(app);
  return {
    async completed(completedHoursAgo: number): Promise<IdempotencyScope> {
      const scope = newScope();
      const lock = randomUUID();
      if (!(await pg.claim(scope, lock, 60_000))) throw new Error('fresh scope not claimed');
      await pg.complete(
        scope,
        lock,
        { status: 201, body: { id: scope.key }, headers: {} },
        config().idempotency.retentionSeconds * 1000,
      );
      await rawQuery(
        db,
        `UPDATE idempotency_records
            SET created_at = created_at - $3::int * interval '1 hour',
                expires_at = expires_at - $3::int * interval '1 hour'
          WHERE user_id = $1 AND idempotency_key = $2`,
        [scope.userId, scope.key, completedHoursAgo],
      );
      return scope;
    },
    /** A request still holding its key (lock TTL `lockTtlMs`); 1 ms stands for a crashed one. */
    async inFlight(lockTtlMs: number): Promise<IdempotencyScope> {
      const scope = newScope();
      if (!(await pg.claim(scope, randomUUID(), lockTtlMs))) throw new Error('fresh scope not claimed');
      return scope;
    },
    find: (scope: IdempotencyScope) => pg.find(scope),
    async keys(): Promise<string[]> {
      const rows = await rawQuery<{ idempotency_key: string }>(
        db,
        'SELECT idempotency_key FROM idempotency_records ORDER BY idempotency_key',
      );
      return rows.map((r) => r.idempotency_key);
    },
  };
}
