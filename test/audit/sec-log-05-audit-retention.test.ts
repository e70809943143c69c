import test from 'ava';
import { ActivityFailure, ApplicationFailure, WorkflowFailedError } from '@temporalio/client';
import { RetryState } from '@temporalio/common';
import { createCheckpoint, verifyAuditChain } from '../../lib/audit';
import { auditRetentionWorkflow } from '../../workflows/maintenance-pool';
import { auditTestDb, rawQuery, tamper, type AuditTestDb } from './helpers/audit-db';
import { sampleEvent } from './helpers/sample-events';
import {
  activityQueues,
  maintenanceActivitiesFor,
  stackAuditKeys,
  startMaintenanceWorker,
  type MaintenanceHarness,
} from '../helpers/maintenance-worker';

function monthsAgo(months: number): Date {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

/**
 * A private database holding rows 1..14 with checkpoints (signed with the stack's key) at 4
 * (30 months old), 8 (20 months) and 12 (6 months), and a real maintenance worker bound to it.
 */
async function agedLog(t: import('ava').ExecutionContext) {
  const h = await auditTestDb();
  const { signer } = stackAuditKeys();
  const ages: Record<number, number> = { 4: 30, 8: 20, 12: 6 };
  for (let i = 1; i <= 14; i += 1) {
    await h.writer.append(sampleEvent('booking.cancelled'));
    const age = ages[i];
    if (age !== undefined) await createCheckpoint(h.app, signer, { now: monthsAgo(age) });
  }
  // The refusal below is deliberate: keep the worker's failure warnings out of the output.
  const m = await startMaintenanceWorker(maintenanceActivitiesFor(h), { logLevel: 'error' });
  t.teardown(async () => {
    await m.stop();
    await h.close();
  });
  return { h, m };
}

function runRetention(m: MaintenanceHarness, name: string) {
  return m.client.workflow.start(auditRetentionWorkflow, {
    taskQueue: m.queues.maintenance,
    workflowId: `test-audit-retention-${m.run}-${name}`,
    workflowExecutionTimeout: '2 minutes',
    args: [{ taskQueues: { maintenance: m.queues.maintenance } }],
  });
}

const sequences = async (h: AuditTestDb) =>
  (await rawQuery<{ sequence: string }>(h.db, 'SELECT sequence FROM audit_events ORDER BY sequence')).map(
    (r) => Number(r.sequence),
  );

test('SEC-LOG-05 the daily retention workflow cuts the audit log at the newest checkpoint older than 18 months, once, and the chain still verifies', async (t) => {
  const { h, m } = await agedLog(t);
  const { keys } = stackAuditKeys();

  const handle = await runRetention(m, 'first');
  t.deepEqual(await handle.result(), { throughSequence: 8, deletedEvents: 8, recordSequence: 15 });
  t.deepEqual(await activityQueues(handle), [m.queues.maintenance]);
  t.deepEqual(await sequences(h), [9, 10, 11, 12, 13, 14, 15]);
  const [record] = await rawQuery<{ event_type: string; actor_id: string }>(
    h.db,
    'SELECT event_type, actor_id FROM audit_events WHERE sequence = 15',
  );
  t.deepEqual(record, { event_type: 'audit.expired', actor_id: 'audit-retention' });
  t.like(await verifyAuditChain(h.app, keys), { ok: true, anchor: 8, lastSequence: 15 });

  t.is(await (await runRetention(m, 'second')).result(), null, 'the next run finds nothing old enough');
  t.deepEqual(await sequences(h), [9, 10, 11, 12, 13, 14, 15]);
});

test('SEC-LOG-05 the retention workflow refuses to cut a chain that does not verify, fails without retry and keeps the evidence', async (t) => {
  const { h, m } = await agedLog(t);
  await tamper(h.db, `UPDATE audit_events SET outcome = 'failure' WHERE sequence = 2`);

  const handle = await runRetention(m, 'tampered');
  const failed = await t.throwsAsync(handle.result(), { instanceOf: WorkflowFailedError });
  const activity = failed?.cause;
  t.true(activity instanceof ActivityFailure);
  t.is((activity as ActivityFailure).retryState, RetryState.NON_RETRYABLE_FAILURE, 'one attempt, no retry');
  const cause = activity?.cause;
  if (!(cause instanceof ApplicationFailure)) return t.fail('the cause is an ApplicationFailure');
  t.like(cause, { type: 'AuditRetentionRefused', nonRetryable: true });
  t.regex(cause.message, /does not verify at 2; keeping the evidence/);
  t.is((await sequences(h)).length, 14, 'nothing removed');
});
