import { QueryTypes, type Sequelize } from 'sequelize';
import type { WrappedKey } from './key-provider';

export type UserKeyRow = { userId: string } & (
  { shredded: false; key: WrappedKey } | { shredded: true; shreddedAt: Date }
);

interface RawRow {
  user_id: string;
  wrapped_key: Buffer | null;
  kek_id: string | null;
  shredded_at: Date | null;
}

function toRow(r: RawRow): UserKeyRow {
  if (r.shredded_at || !r.wrapped_key || !r.kek_id) {
    return { userId: r.user_id, shredded: true, shreddedAt: r.shredded_at ?? new Date(0) };
  }
  return { userId: r.user_id, shredded: false, key: { wrapped: r.wrapped_key, kekId: r.kek_id } };
}

/**
 * The `user_keys` table of the key store, a database of its own (db/key-store-migrations; SEC-DATA-04):
 * `sequelize` is the key store's connection, never the main database's. Static SQL with bound
 * parameters only (SEC-VAL-05).
 */
export class UserKeyStore {
  constructor(readonly sequelize: Sequelize) {}

  async find(userId: string): Promise<UserKeyRow | undefined> {
    const rows = await this.sequelize.query<RawRow>(
      'SELECT user_id, wrapped_key, kek_id, shredded_at FROM user_keys WHERE user_id = $1',
      { bind: [userId], type: QueryTypes.SELECT },
    );
    return rows[0] && toRow(rows[0]);
  }

  /** Inserts unless the user already has a row (concurrent creators agree on the first). */
  async insertIfAbsent(userId: string, key: WrappedKey): Promise<void> {
    await this.sequelize.query(
      `INSERT INTO user_keys (user_id, wrapped_key, kek_id) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO NOTHING RETURNING user_id`,
      { bind: [userId, key.wrapped, key.kekId], type: QueryTypes.SELECT },
    );
  }

  /**
   * Destroys the wrapped key: overwritten with NULL and stamped, the row kept as a tombstone (also
   * written for a user who never had a key, so none can be created for them later). One atomic
   * statement, so a concurrent first write cannot slip a live key in. Idempotent.
   */
  async shred(userId: string): Promise<void> {
    await this.sequelize.query(
      `INSERT INTO user_keys (user_id, wrapped_key, kek_id, shredded_at) VALUES ($1, NULL, NULL, now())
       ON CONFLICT (user_id) DO UPDATE SET wrapped_key = NULL, kek_id = NULL, shredded_at = now()
         WHERE user_keys.shredded_at IS NULL
       RETURNING user_id`,
      { bind: [userId], type: QueryTypes.SELECT },
    );
  }

  /**
   * `shred` for many users at once (the shred-list replay after a restore); returns how many of
   * them still had a live key or no row at all.
   */
  async shredAll(userIds: string[]): Promise<number> {
    const rows = await this.sequelize.query(
      `INSERT INTO user_keys (user_id, wrapped_key, kek_id, shredded_at)
       SELECT id, NULL, NULL, now() FROM unnest($1::uuid[]) AS id
       ON CONFLICT (user_id) DO UPDATE SET wrapped_key = NULL, kek_id = NULL, shredded_at = now()
         WHERE user_keys.shredded_at IS NULL
       RETURNING user_id`,
      { bind: [userIds], type: QueryTypes.SELECT },
    );
    return rows.length;
  }

  /** Live (unshredded) keys not wrapped by `kekId`, for KEK rotation. */
  async wrappedByOtherKek(kekId: string, limit: number): Promise<{ userId: string; key: WrappedKey }[]> {
    const rows = await this.sequelize.query<RawRow>(
      `SELECT user_id, wrapped_key, kek_id, shredded_at FROM user_keys
        WHERE shredded_at IS NULL AND kek_id <> $1 ORDER BY user_id LIMIT $2`,
      { bind: [kekId, limit], type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({ userId: r.user_id, key: { wrapped: r.wrapped_key!, kekId: r.kek_id! } }));
  }

  async rewrap(userId: string, key: WrappedKey): Promise<void> {
    await this.sequelize.query(
      `UPDATE user_keys SET wrapped_key = $2, kek_id = $3 WHERE user_id = $1 AND shredded_at IS NULL
       RETURNING user_id`,
      { bind: [userId, key.wrapped, key.kekId], type: QueryTypes.SELECT },
    );
  }
}
