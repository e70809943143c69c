import test from 'ava';
import { randomUUID } from 'node:crypto';
import { activityInfo } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createAuditActivities } from '../../activities/audit';
import { loadConfig } from '../../lib/config';
import type { AuditEvent } from '../../lib/audit';
import { auditTestDb, rawQuery } from './helpers/audit-db';
import { sampleEvent } from './helpers/sample-events';
import { auditOnceWorkflow, type AuditFields } from './workflows/audit-once';

// The first attempt's failure is deliberate; keep the worker's expected warnings out of the output.
Runtime.install({ logger: new DefaultLogger('ERROR') });

const rowCount = async (h: Awaited<ReturnType<typeof auditTestDb>>) =>
  Number((await rawQuery<{ n: string }>(h.db, 'SELECT count(*) AS n FROM audit_events'))[0]!.n);

test('SEC-LOG-04 the writeAudit activity called twice with the same event writes once', async (t) => {
  const h = await auditTestDb();
  t.teardown(() => h.close());
  const { writeAudit } = createAuditActivities({ writer: h.writer });
  const event = sampleEvent('booking.created');
  const first = await writeAudit(event);
  const retry = await writeAudit(structuredClone(event));
  t.false(first.duplicate);
  t.deepEqual(retry, { ...first, duplicate: true });
  t.is(await rowCount(h), 1);
});

test('SEC-LOG-04 the writeAudit activity fails without retry on an invalid or conflicting event', async (t) => {
  const h = await auditTestDb();
  t.teardown(() => h.close());
  const { writeAudit } = createAuditActivities({ writer: h.writer });
  const invalid = await t.throwsAsync(
    writeAudit({ ...sampleEvent(), outcome: 'maybe' } as unknown as AuditEvent),
    {
      instanceOf: ApplicationFailure,
    },
  );
  t.like(invalid, { nonRetryable: true, type: 'InvalidAuditEvent' });

  const event = sampleEvent();
  await writeAudit(event);
  const conflict = await t.throwsAsync(writeAudit({ ...event, originIp: '192.0.2.1' }), {
    instanceOf: ApplicationFailure,
  });
  t.like(conflict, { nonRetryable: true, type: 'AuditEventConflict' });
  t.is(await rowCount(h), 1);
});

test('SEC-LOG-04 through a real Temporal worker, an attempt that fails after writing is retried without a second row', async (t) => {
  const h = await auditTestDb();
  const config = loadConfig();
  const nativeConnection = await NativeConnection.connect({ address: config.temporal.address });
  const clientConnection = await Connection.connect({ address: config.temporal.address });
  t.teardown(async () => {
    await clientConnection.close();
    await nativeConnection.close();
    await h.close();
  });

  const real = createAuditActivities({ writer: h.writer });
  const attempts: number[] = [];
  const taskQueue = `audit-test-${randomUUID()}`;
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowsPath: require.resolve('./workflows/audit-once'),
    activities: {
      async writeAudit(event: AuditEvent) {
        attempts.push(activityInfo().attempt);
        const written = await real.writeAudit(event);
        if (activityInfo().attempt === 1) throw new Error('connection lost after the write was committed');
        return written;
      },
    },
  });
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  const { eventId: _id, occurredAt: _at, ...fields } = sampleEvent('payment.succeeded');
  const result = await worker.runUntil(
    client.workflow.execute(auditOnceWorkflow, {
      taskQueue,
      workflowId: `audit-once-${randomUUID()}`,
      args: [fields satisfies AuditFields],
      workflowExecutionTimeout: '60 seconds',
    }),
  );

  t.deepEqual(attempts, [1, 2]);
  t.true(result.duplicate, 'the retry found the row the first attempt wrote');
  const rows = await rawQuery<{ event_id: string; sequence: string }>(
    h.db,
    'SELECT event_id, sequence FROM audit_events',
  );
  t.deepEqual(rows, [{ event_id: result.eventId, sequence: '1' }]);
});
