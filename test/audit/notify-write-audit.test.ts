import test from 'ava';
import { createSmtpTransport } from '../../lib/clients';
import { verifyAuditChain } from '../../lib/audit';
import { loadConfig } from '../../lib/config';
import { createNotifyPoolActivities } from '../../activities/notify-pool';
import { auditTestDb, rawQuery } from './helpers/audit-db';
import { sampleEvent } from './helpers/sample-events';
import { activityQueues, stackAuditKeys } from '../helpers/maintenance-worker';
import { freshQueues, startWorkers } from '../helpers/temporal-workers';
import { auditViaNotifyWorkflow } from './workflows/audit-via-notify';

test('SEC-LOG-04 the notify worker registers writeAudit: a workflow appends an audit row through it on the notify queue', async (t) => {
  const config = loadConfig();
  const h = await auditTestDb();
  const transport = createSmtpTransport(config);
  t.teardown(async () => {
    transport.close();
    await h.close();
  });
  const queues = freshQueues('n');
  const activities = createNotifyPoolActivities({ transport, from: config.smtp.from, sequelize: h.app });
  t.deepEqual(Object.keys(activities).sort(), [
    'deliverOutboxEmail',
    'ping',
    'queueReconciliationSummary',
    'queueRefundEscalationEmails',
    'sendEmail',
    'writeAudit',
  ]);

  const workers = await startWorkers({
    config,
    queues,
    workers: [
      {
        pool: 'notify',
        activities,
        // The test's workflow runs on the same queue; the real notify pool runs activities only.
        workflowsPath: require.resolve('./workflows/audit-via-notify'),
      },
    ],
  });
  const { client } = workers;
  t.teardown(() => workers.stop());

  const { eventId: _id, occurredAt: _at, ...fields } = sampleEvent('booking.created');
  const handle = await client.workflow.start(auditViaNotifyWorkflow, {
    taskQueue: queues.notify,
    workflowId: `test-audit-via-notify-${queues.notify}`,
    workflowExecutionTimeout: '1 minute',
    args: [{ notifyQueue: queues.notify, fields }],
  });
  const appended = await handle.result();
  t.like(appended, { sequence: 1, duplicate: false });
  t.deepEqual(await activityQueues(handle), [queues.notify]);
  const rows = await rawQuery<{ event_id: string; event_type: string }>(
    h.db,
    'SELECT event_id, event_type FROM audit_events',
  );
  t.deepEqual(rows, [{ event_id: appended.eventId, event_type: 'booking.created' }]);
  t.like(await verifyAuditChain(h.app, stackAuditKeys().keys), { ok: true, events: 1 });
});
