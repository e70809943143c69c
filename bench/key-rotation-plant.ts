import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { encryptField, type Keyring } from '../lib/crypto';

const CHUNK = 10_000;

async function encryptedChunk(keyring: Keyring, n: number) {
  const ids = Array.from({ length: n }, () => randomUUID());
  const recipients = await Promise.all(
    ids.map((id) =>
      encryptField(
        keyring,
        `person${id.slice(0, 8)}@bench.example`,
        { table: 'email_outbox', column: 'recipient_encrypted', rowId: id },
        { dataClass: 'pii' },
      ),
    ),
  );
  return { ids, recipients };
}

/**
 * Plants `rows` email_outbox rows whose recipient is encrypted under the keyring's active pii
 * key (as the model would write it: same associated data), CHUNK rows per multi-row INSERT
 * (unnest of two arrays), the next chunk encrypted while the previous one is written.
 * Returns the ids.
 */
export async function plantOutboxRows(su: Client, keyring: Keyring, rows: number): Promise<string[]> {
  const ids: string[] = [];
  let next = encryptedChunk(keyring, Math.min(CHUNK, rows));
  for (let done = 0; done < rows;) {
    const chunk = await next;
    done += chunk.ids.length;
    if (done < rows) next = encryptedChunk(keyring, Math.min(CHUNK, rows - done));
    await su.query(
      `INSERT INTO email_outbox (id, template, recipient_encrypted)
       SELECT id, 'welcome', recipient FROM unnest($1::uuid[], $2::text[]) AS t(id, recipient)`,
      [chunk.ids, chunk.recipients],
    );
    ids.push(...chunk.ids);
  }
  return ids;
}
