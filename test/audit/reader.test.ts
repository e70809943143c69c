import test from 'ava';
import { AppError } from '../../lib/errors';
import { parseAuditRecord, readAuditLog, VIEW_AUDIT_LOGS, verifyAuditChain } from '../../lib/audit';
import { auditTestDb, rawQuery } from './helpers/audit-db';
import { sampleEvent } from './helpers/sample-events';

const auditor = (permissions: string[]) => ({
  actor: { type: 'admin' as const, id: 'adm_0007' },
  originIp: '203.0.113.40',
  permissions: new Set(permissions),
});

const lastRecord = async (h: Awaited<ReturnType<typeof auditTestDb>>) => {
  const [row] = await rawQuery<{ canonical: string }>(
    h.db,
    'SELECT canonical FROM audit_events ORDER BY sequence DESC LIMIT 1',
  );
  return parseAuditRecord(row!.canonical);
};

test('SEC-LOG-06 reading the audit log without view_audit_logs is refused with 403, and the refusal is audited', async (t) => {
  const h = await auditTestDb();
  t.teardown(() => h.close());
  await h.writer.append(sampleEvent());
  const err = await t.throwsAsync(readAuditLog(h.app, h.writer, auditor(['approve_refunds'])), {
    instanceOf: AppError,
  });
  t.like(err, { status: 403, code: 'ACCESS_DENIED' });
  t.like(await lastRecord(h), {
    type: 'audit.read',
    outcome: 'denied',
    actor: { type: 'admin', id: 'adm_0007' },
    originIp: '203.0.113.40',
  });
});

test('SEC-LOG-06 every read of the audit log is itself audited, with the query and the row count', async (t) => {
  const h = await auditTestDb();
  t.teardown(() => h.close());
  for (const id of ['usr_a', 'usr_b', 'usr_a'])
    await h.writer.append(sampleEvent('auth.logout', { actor: { type: 'user', id } }));

  const page = await readAuditLog(h.app, h.writer, auditor([VIEW_AUDIT_LOGS]), {
    actorId: 'usr_a',
    limit: 10,
  });
  t.deepEqual(
    page.map((e) => [e.sequence, e.actor.id]),
    [
      [1, 'usr_a'],
      [3, 'usr_a'],
    ],
  );
  t.like(await lastRecord(h), {
    type: 'audit.read',
    outcome: 'success',
    details: { query: '{"actorId":"usr_a","limit":10}', rows: 2 },
  });
  await t.throwsAsync(readAuditLog(h.app, h.writer, auditor([VIEW_AUDIT_LOGS]), { limit: 10_000 }), {
    instanceOf: AppError,
    message: /limit/,
  });
  t.like(await verifyAuditChain(h.app, new Map()), { ok: true, events: 4 });
});
