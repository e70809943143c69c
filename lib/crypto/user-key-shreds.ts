import { QueryTypes, type Sequelize } from 'sequelize';

/**
 * The shred list (`user_key_shreds` in the MAIN database, migration 0770): the ids of users whose
 * data key was shredded, and when. It holds no key material, so it may live in the main
 * database's backups; it is what re-shreds a key store restored from a backup taken before an
 * erasure (docs/privacy-erasure.md). Append-only for the app role. Static SQL (SEC-VAL-05).
 */
export class UserKeyShreds {
  constructor(readonly sequelize: Sequelize) {}

  /** Records the shred; idempotent (the first time stays). */
  async record(userId: string): Promise<void> {
    await this.sequelize.query(
      `INSERT INTO user_key_shreds (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING RETURNING user_id`,
      { bind: [userId], type: QueryTypes.SELECT },
    );
  }

  async has(userId: string): Promise<boolean> {
    const rows = await this.sequelize.query('SELECT 1 AS shredded FROM user_key_shreds WHERE user_id = $1', {
      bind: [userId],
      type: QueryTypes.SELECT,
    });
    return rows.length > 0;
  }

  /** Up to `limit` shredded user ids after `after` (keyset paging, for the replay). */
  async page(after: string, limit: number): Promise<string[]> {
    const rows = await this.sequelize.query<{ user_id: string }>(
      'SELECT user_id FROM user_key_shreds WHERE user_id > $1 ORDER BY user_id LIMIT $2',
      { bind: [after, limit], type: QueryTypes.SELECT },
    );
    return rows.map((r) => r.user_id);
  }
}
