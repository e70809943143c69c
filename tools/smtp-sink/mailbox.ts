import { readdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

export interface StoredMessage {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  raw: string;
}

/** Writes atomically (temp file + rename) so a reader never sees half a message. */
export function saveMessage(dir: string, message: Omit<StoredMessage, 'id' | 'receivedAt'>): StoredMessage {
  const stored: StoredMessage = { id: randomUUID(), receivedAt: new Date().toISOString(), ...message };
  const name = `${stored.receivedAt.replace(/[:.]/g, '-')}-${stored.id}.json`;
  writeFileSync(join(dir, `.${name}.tmp`), JSON.stringify(stored));
  renameSync(join(dir, `.${name}.tmp`), join(dir, name));
  return stored;
}

export function listMessages(dir: string): StoredMessage[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as StoredMessage);
}
