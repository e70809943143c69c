import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { GENESIS_HASH } from './chain-hash';

export interface ChainLink {
  sequence: number;
  hash: Buffer;
}

export function toSequence(value: string | number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`audit sequence ${value} is out of range`);
  return n;
}

/**
 * The link a new row must extend: the newest row, else (everything expired) the newest
 * checkpoint, else genesis. Mirrors audit_events_extend_chain() in migration 0200.
 */
export async function readChainHead(sequelize: Sequelize, transaction?: Transaction): Promise<ChainLink> {
  for (const table of ['audit_events', 'audit_checkpoints'] as const) {
    const rows = await sequelize.query<{ sequence: string; hash: Buffer }>(
      table === 'audit_events'
        ? 'SELECT sequence, hash FROM audit_events ORDER BY sequence DESC LIMIT 1'
        : 'SELECT sequence, hash FROM audit_checkpoints ORDER BY sequence DESC LIMIT 1',
      { transaction, type: QueryTypes.SELECT },
    );
    const row = rows[0];
    if (row) return { sequence: toSequence(row.sequence), hash: row.hash };
  }
  return { sequence: 0, hash: GENESIS_HASH };
}
