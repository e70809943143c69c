import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { DataClass } from './data-class';
import type { WrappedKey } from './key-provider';

export type DataKeyStatus = 'active' | 'retiring' | 'retired';

export interface DataKeyRow extends WrappedKey {
  dataClass: DataClass;
  version: number;
  status: DataKeyStatus;
  createdAt: Date;
}

interface RawRow {
  data_class: DataClass;
  version: number;
  wrapped_key: Buffer;
  kek_id: string;
  status: DataKeyStatus;
  created_at: Date;
}

function toRow(r: RawRow): DataKeyRow {
  return {
    dataClass: r.data_class,
    version: r.version,
    wrapped: r.wrapped_key,
    kekId: r.kek_id,
    status: r.status,
    createdAt: r.created_at,
  };
}

/** The `data_keys` table (migration 0100). Static SQL with bound parameters only (SEC-VAL-05). */
export class DataKeyStore {
  constructor(readonly sequelize: Sequelize) {}

  private async select(sql: string, bind: unknown[], transaction?: Transaction): Promise<DataKeyRow[]> {
    const rows = await this.sequelize.query<RawRow>(sql, { bind, type: QueryTypes.SELECT, transaction });
    return rows.map(toRow);
  }

  async find(dataClass: DataClass, version: number): Promise<DataKeyRow | undefined> {
    const rows = await this.select(
      'SELECT data_class, version, wrapped_key, kek_id, status, created_at FROM data_keys WHERE data_class = $1 AND version = $2',
      [dataClass, version],
    );
    return rows[0];
  }

  /** The active version of a class; inside `t` when given (rotation). */
  async active(dataClass: DataClass, t?: Transaction): Promise<DataKeyRow | undefined> {
    const rows = await this.select(
      "SELECT data_class, version, wrapped_key, kek_id, status, created_at FROM data_keys WHERE data_class = $1 AND status = 'active'",
      [dataClass],
      t,
    );
    return rows[0];
  }

  /** Every version of a class, newest first. */
  async list(dataClass: DataClass): Promise<DataKeyRow[]> {
    return this.select(
      'SELECT data_class, version, wrapped_key, kek_id, status, created_at FROM data_keys WHERE data_class = $1 ORDER BY version DESC',
      [dataClass],
    );
  }

  async all(): Promise<DataKeyRow[]> {
    return this.select(
      'SELECT data_class, version, wrapped_key, kek_id, status, created_at FROM data_keys ORDER BY data_class, version',
      [],
    );
  }

  /**
   * Runs `fn` in a transaction holding a per-class advisory lock, so rotations (and the first key
   * of a class) are serialized across processes.
   */
  async withClassLock<T>(dataClass: DataClass, fn: (t: Transaction) => Promise<T>): Promise<T> {
    return this.sequelize.transaction(async (t) => {
      await this.sequelize.query("SELECT pg_advisory_xact_lock(hashtext('data_keys:' || $1))", {
        bind: [dataClass],
        type: QueryTypes.SELECT,
        transaction: t,
      });
      return fn(t);
    });
  }

  async nextVersion(dataClass: DataClass, t: Transaction): Promise<number> {
    const [row] = await this.sequelize.query<{ next: number }>(
      'SELECT COALESCE(MAX(version), 0) + 1 AS next FROM data_keys WHERE data_class = $1',
      { bind: [dataClass], type: QueryTypes.SELECT, transaction: t },
    );
    return Number(row!.next);
  }

  async markRetiring(dataClass: DataClass, t: Transaction): Promise<void> {
    await this.sequelize.query(
      "UPDATE data_keys SET status = 'retiring' WHERE data_class = $1 AND status = 'active' RETURNING version",
      { bind: [dataClass], type: QueryTypes.SELECT, transaction: t },
    );
  }

  async insertActive(
    dataClass: DataClass,
    version: number,
    key: WrappedKey,
    t: Transaction,
  ): Promise<DataKeyRow> {
    const rows = await this.select(
      `INSERT INTO data_keys (data_class, version, wrapped_key, kek_id, status)
       VALUES ($1, $2, $3, $4, 'active')
       RETURNING data_class, version, wrapped_key, kek_id, status, created_at`,
      [dataClass, version, key.wrapped, key.kekId],
      t,
    );
    return rows[0]!;
  }

  /**
   * Marks a retiring version retired, only if a newer version has existed for at least `graceMs`
   * (every process that cached the old active version has refreshed by then). Returns whether it did.
   */
  async retire(dataClass: DataClass, version: number, graceMs: number, t: Transaction): Promise<boolean> {
    const rows = await this.sequelize.query(
      `UPDATE data_keys SET status = 'retired', retired_at = now()
        WHERE data_class = $1 AND version = $2 AND status = 'retiring'
          AND EXISTS (SELECT 1 FROM data_keys newer
                       WHERE newer.data_class = $1 AND newer.version > $2
                         AND newer.created_at <= now() - make_interval(secs => $3::double precision / 1000))
        RETURNING version`,
      { bind: [dataClass, version, graceMs], type: QueryTypes.SELECT, transaction: t },
    );
    return rows.length > 0;
  }

  /** KEK rotation: the same data key, wrapped by another KEK. */
  async rewrap(dataClass: DataClass, version: number, key: WrappedKey): Promise<void> {
    await this.sequelize.query(
      'UPDATE data_keys SET wrapped_key = $3, kek_id = $4 WHERE data_class = $1 AND version = $2 RETURNING version',
      { bind: [dataClass, version, key.wrapped, key.kekId], type: QueryTypes.SELECT },
    );
  }
}
