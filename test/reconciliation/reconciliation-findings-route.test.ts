import test from 'ava';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { listFindings } from '../../services/reconciliation/list-findings';
import { AppError } from '../../lib/errors';
import { identityApp } from '../accounts/helpers/identity-app';
import { createUser } from '../accounts/helpers/accounts-data';
import { mfaUser } from '../accounts/helpers/admin-users';

const app = identityApp('reconciliation-route');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const DAY = '2026-11-30';

async function plant(kind: string, subject: string) {
  await app.sequelize.query(
    `INSERT INTO reconciliation_findings (id, day, kind, subject, stripe_amount_minor, currency)
     VALUES ($1, $2, $3, $4, 4321, 'EUR')`,
    { bind: [randomUUID(), DAY, kind, subject], type: QueryTypes.INSERT },
  );
}

test.serial(
  'SEC-AUTHZ-02 GET /admin/reconciliation/findings lists the findings of a day, paged by cursor, to a holder of view_audit_logs',
  async (t) => {
    await plant('missing_on_platform', 'ch_planted1');
    await plant('refund_missing_on_platform', 're_planted2');
    const admin = await mfaUser(app.deps, 'PLATFORM_ADMIN');
    const token = await app.bearerLogin(admin.email, admin.password, {
      recoveryCode: admin.recoveryCodes[0],
    });

    const first = await app.send({
      path: `/api/v1/admin/reconciliation/findings?day=${DAY}&limit=1`,
      headers: bearer(token),
    });
    t.is(first.status, 200, first.text);
    t.is(first.json.findings.length, 1);
    t.truthy(first.json.nextCursor);
    const second = await app.send({
      path: `/api/v1/admin/reconciliation/findings?day=${DAY}&limit=1&after=${first.json.nextCursor}`,
      headers: bearer(token),
    });
    t.is(second.status, 200, second.text);
    const subjects = [...first.json.findings, ...second.json.findings].map(
      (f: { subject: string }) => f.subject,
    );
    t.deepEqual(subjects.sort(), ['ch_planted1', 're_planted2']);
    t.like(first.json.findings[0], { day: DAY, stripeAmountMinor: 4321, currency: 'EUR', autoFixed: false });

    const byKind = await app.send({
      path: `/api/v1/admin/reconciliation/findings?day=${DAY}&kind=missing_on_platform`,
      headers: bearer(token),
    });
    t.deepEqual(
      byKind.json.findings.map((f: { subject: string }) => f.subject),
      ['ch_planted1'],
    );
    const bad = await app.send({
      path: '/api/v1/admin/reconciliation/findings?day=yesterday',
      headers: bearer(token),
    });
    t.is(bad.status, 400);
    // Shaped like a day but not one Postgres can read: 400, never a 500 (the fuzzer found both).
    for (const notADay of ['0000-00-00', '0949-42-50', '2027-02-30', '0000-01-01']) {
      const refused = await app.send({
        path: `/api/v1/admin/reconciliation/findings?day=${notADay}`,
        headers: bearer(token),
      });
      t.is(refused.status, 400, notADay);
      t.is(refused.json.error_code, 'VALIDATION_FAILED', notADay);
    }
  },
);

test.serial(
  'SEC-AUTHZ-02 without view_audit_logs the findings are refused: 401 anonymous, 403 for a customer and a company admin, and the service refuses on its own',
  async (t) => {
    t.is((await app.send({ path: '/api/v1/admin/reconciliation/findings' })).status, 401);
    const user = await createUser(app.deps);
    const token = await app.bearerLogin(user.email, user.password);
    t.is(
      (await app.send({ path: '/api/v1/admin/reconciliation/findings', headers: bearer(token) })).status,
      403,
    );
    const business = await mfaUser(app.deps, 'BUSINESS_ADMIN');
    const baToken = await app.bearerLogin(business.email, business.password, {
      recoveryCode: business.recoveryCodes[0],
    });
    t.is(
      (await app.send({ path: '/api/v1/admin/reconciliation/findings', headers: bearer(baToken) })).status,
      403,
    );

    const refused = await t.throwsAsync(
      listFindings({ id: user.id, role: 'USER' }, { limit: 10 }, app.sequelize),
    );
    t.true(refused instanceof AppError);
    t.is((refused as AppError).status, 403);
  },
);
