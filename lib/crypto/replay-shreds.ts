import type { Keyring } from './keyring';

/**
 * After the key store is restored from a backup (docs/privacy-erasure.md): every user on the shred
 * list (main database) has their key shredded again in the key store. Returns how many keys came
 * back with the restore and are gone again. Idempotent; safe while the platform serves.
 */
export async function replayShreds(keyring: Keyring, batchSize = 1_000): Promise<number> {
  let replayed = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const ids = await keyring.userKeyShreds.page(after, batchSize);
    if (ids.length === 0) break;
    replayed += await keyring.userKeys.shredAll(ids);
    after = ids.at(-1)!;
  }
  keyring.clearCache();
  return replayed;
}
