import { createSequelize } from '../../lib/clients/database';
import { config } from '../../lib/config';
import { keyringFromConfig, replayShreds } from '../../lib/crypto';

/**
 * `node --import tsx tools/keys/replay-shreds.ts` — the step after restoring the key store from a
 * backup (docs/privacy-erasure.md, SEC-DATA-04): every user on the main database's shred list has
 * their key shredded again in the key store. Prints how many keys the restore had brought back.
 * Idempotent; safe while the platform serves (reads already refuse a listed user's key).
 */
async function main(): Promise<void> {
  const cfg = config();
  const sequelize = createSequelize(cfg, 'app');
  try {
    const replayed = await replayShreds(keyringFromConfig(cfg, sequelize));
    console.log(`shreds replayed: ${replayed} key(s) shredded again`);
  } finally {
    await sequelize.close();
  }
}

main().catch((err: unknown) => {
  console.error(`replay-shreds: failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
