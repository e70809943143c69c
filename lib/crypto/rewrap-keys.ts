import { dataKeyContext, userKeyContext } from './key-provider';
import type { Keyring } from './keyring';

export interface RewrapResult {
  dataKeys: number;
  userKeys: number;
}

/**
 * KEK rotation: every wrapped key (class and per-user, shredded ones excepted) not under the
 * provider's current KEK is unwrapped with its old KEK and wrapped again with the current one.
 * Data keys themselves, and so every field ciphertext, stay as they are. Safe to re-run.
 */
export async function rewrapKeys(keyring: Keyring, batchSize = 500): Promise<RewrapResult> {
  const { provider, dataKeys, userKeys } = keyring;
  const current = provider.currentKekId;
  const result: RewrapResult = { dataKeys: 0, userKeys: 0 };

  for (const row of await dataKeys.all()) {
    if (row.kekId === current) continue;
    const context = dataKeyContext(row.dataClass, row.version);
    const raw = await provider.unwrap(row, context);
    try {
      await dataKeys.rewrap(row.dataClass, row.version, await provider.wrap(raw, context));
    } finally {
      raw.fill(0);
    }
    result.dataKeys += 1;
  }

  for (;;) {
    const batch = await userKeys.wrappedByOtherKek(current, batchSize);
    if (batch.length === 0) break;
    for (const { userId, key } of batch) {
      const context = userKeyContext(userId);
      const raw = await provider.unwrap(key, context);
      try {
        await userKeys.rewrap(userId, await provider.wrap(raw, context));
      } finally {
        raw.fill(0);
      }
      result.userKeys += 1;
    }
  }
  return result;
}
