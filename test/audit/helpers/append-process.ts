import { createSequelize } from '../../../lib/clients/database';
import { createAuditWriter } from '../../../lib/audit';
import { loadConfig } from '../../../lib/config';
import { sampleEvent } from './sample-events';

/**
 * A separate OS process appending audit events concurrently (for the concurrency test):
 *   node --import tsx test/audit/helpers/append-process.ts <count> <tag>
 * Prints the appended sequences as JSON.
 */
async function main() {
  const count = Number(process.argv[2]);
  const tag = process.argv[3] ?? 'proc';
  const sequelize = createSequelize(loadConfig(), 'app');
  try {
    const writer = createAuditWriter(sequelize);
    const done = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        writer.append(sampleEvent('booking.created', { resource: { type: 'booking', id: `${tag}-${i}` } })),
      ),
    );
    console.log(JSON.stringify(done.map((d) => d.sequence)));
  } finally {
    await sequelize.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
