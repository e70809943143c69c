import test from 'ava';
import { AppError } from '../../lib/errors';
import { parseAuditRecord, readAuditLog, verifyAuditChain } from '../../lib/audit';
import type { Actor } from '../../lib/rbac';
import { auditTestDb, rawQuery } from './helpers/audit-db';
import { sampleEvent } from './helpers/sample-events';

const ORIGIN = '203.0.113.40';
const platformAdmin: Actor = { id: 'adm_0007', role: 'PLATFORM_ADMIN' };
const store = (h: Awaited<ReturnType<typeof auditTestDb>>) => ({ sequelize: h.app, writer: h.writer });

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
  const businessAdmin: Actor = { id: 'usr_0042', role: 'BUSINESS_ADMIN', companyId: 'cmp_1' };
  const err = await t.throwsAsync(readAuditLog(businessAdmin, ORIGIN, {}, store(h)), {
    instanceOf: AppError,
  });
  t.like(err, { status: 403, code: 'ACCESS_DENIED' });
  t.like(await lastRecord(h), {
    type: 'audit.read',
    outcome: 'denied',
    actor: { type: 'user', id: 'usr_0042' },
    originIp: ORIGIN,
  });
});

test('SEC-AUTHZ-02 readAuditLog asks the RBAC policy about the actor itself: only roles granted view_audit_logs read', async (t) => {
  const h = await auditTestDb();
  t.teardown(() => h.close());
  await h.writer.append(sampleEvent());
  const denied: unknown[] = [
    { id: 'usr_1', role: 'USER' },
    { id: 'usr_2', role: 'BUSINESS_USER', companyId: 'cmp_1' },
    { id: 'usr_3', role: 'BUSINESS_ADMIN', companyId: 'cmp_1' },
    { id: 'usr_4', role: 'ROOT' },
    { id: '', role: 'PLATFORM_ADMIN' },
    null,
    undefined,
  ];
  for (const actor of denied) {
    await t.throwsAsync(
      readAuditLog(actor as Actor, ORIGIN, {}, store(h)),
      { instanceOf: AppError },
      String(actor),
    );
    t.like(await lastRecord(h), { type: 'audit.read', outcome: 'denied' }, JSON.stringify(actor));
  }
  const forged = await rawQuery<{ actor_id: string }>(
    h.db,
    "SELECT actor_id FROM audit_events WHERE event_type = 'audit.read' ORDER BY sequence",
  );
  t.deepEqual(
    forged.map((r) => r.actor_id),
    ['usr_1', 'usr_2', 'usr_3', 'anonymous', 'anonymous', 'anonymous', 'anonymous'],
    'an actor that is not well-formed is audited as anonymous, never under the id it claims',
  );
  const page = await readAuditLog(platformAdmin, ORIGIN, {}, store(h));
  t.is(page.length, 1 + denied.length, 'PLATFORM_ADMIN reads, and sees the denied reads');
  t.like(await lastRecord(h), {
    type: 'audit.read',
    outcome: 'success',
    actor: { type: 'admin', id: 'adm_0007' },
  });
});

test('SEC-LOG-06 every read of the audit log is itself audited, with the query and the row count', async (t) => {
  const h = await auditTestDb();
  t.teardown(() => h.close());
  for (const id of ['usr_a', 'usr_b', 'usr_a'])
    await h.writer.append(sampleEvent('auth.logout', { actor: { type: 'user', id } }));

  const page = await readAuditLog(platformAdmin, ORIGIN, { actorId: 'usr_a', limit: 10 }, store(h));
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
  await t.throwsAsync(readAuditLog(platformAdmin, ORIGIN, { limit: 10_000 }, store(h)), {
    instanceOf: AppError,
    message: /limit/,
  });
  t.like(await verifyAuditChain(h.app, new Map()), { ok: true, events: 4 });
});
