import test from 'ava';
import { randomUUID } from 'node:crypto';
import { activityInfo } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { createAuditActivities } from '../../activities/audit/audit-activities';
import { loadConfig } from '../../lib/config';
import type { AuditEvent } from '../../lib/audit';
import { startWorkers } from '../helpers/temporal-workers';
import { auditTestDb, rawQuery } from './helpers/audit-db';
import { sampleEvent } from './helpers/sample-events';
import { auditOnceWorkflow, type AuditFields } from './workflows/audit-once';

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
  t.teardown(() => h.close());
  const real = createAuditActivities({ writer: h.writer });
  const attempts: number[] = [];
  const workers = await startWorkers({
    config: loadConfig(),
    // The first attempt's failure is deliberate; keep the worker's expected warnings out of the output.
    logLevel: 'error',
    workers: [
      {
        // The test's workflow beside the activity on one queue; the real pools split them.
        pool: 'notify',
        workflowsPath: require.resolve('./workflows/audit-once'),
        activities: {
          async writeAudit(event: AuditEvent) {
            attempts.push(activityInfo().attempt);
            const written = await real.writeAudit(event);
            if (activityInfo().attempt === 1)
              throw new Error('connection lost after the write was committed');
            return written;
          },
        },
      },
    ],
  });
  t.teardown(() => workers.stop());
  const { eventId: _id, occurredAt: _at, ...fields } = sampleEvent('payment.succeeded');
  const result = await workers.client.workflow.execute(auditOnceWorkflow, {
    taskQueue: workers.queues.notify,
    workflowId: `audit-once-${randomUUID()}`,
    args: [fields satisfies AuditFields],
    workflowExecutionTimeout: '60 seconds',
  });

  t.deepEqual(attempts, [1, 2]);
  t.true(result.duplicate, 'the retry found the row the first attempt wrote');
  const rows = await rawQuery<{ event_id: string; sequence: string }>(
    h.db,
    'SELECT event_id, sequence FROM audit_events',
  );
  t.deepEqual(rows, [{ event_id: result.eventId, sequence: '1' }]);
});
