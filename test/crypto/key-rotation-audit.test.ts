import test from 'ava';
import { parseAuditRecord, type AuditEvent } from '../../lib/audit';
import { AppError } from '../../lib/errors';
import { Keyring, KeyInUseError, type KeyAuditor, type KeyUsageCounter } from '../../lib/crypto';
import type { Actor } from '../../lib/rbac';
import { superuserClient } from '../helpers/databases';
import { cryptoDatabase, type CryptoDatabase } from './helpers/crypto-database';

const SYSTEM = { system: 'key-rotation-schedule' };
const ADMIN: Actor = { id: 'adm_keys', role: 'PLATFORM_ADMIN' };
const ORIGIN = '203.0.113.9';
const noRows: KeyUsageCounter = async () => 0;

let env: CryptoDatabase;
test.before(async () => {
  // No grace period: a version may be retired right after its rotation.
  env = await cryptoDatabase({ retireGraceMs: 0 });
});
test.after.always(() => env?.close());

async function keyEvents(): Promise<AuditEvent[]> {
  const pg = await superuserClient(env.db.name);
  try {
    const { rows } = await pg.query<{ canonical: string }>(
      "SELECT canonical FROM audit_events WHERE event_type LIKE 'key.%' ORDER BY sequence",
    );
    return rows.map((r) => parseAuditRecord(r.canonical));
  } finally {
    await pg.end();
  }
}

async function newEventsOf(action: () => Promise<unknown>): Promise<AuditEvent[]> {
  const before = (await keyEvents()).length;
  await action().catch(() => undefined);
  return (await keyEvents()).slice(before);
}

test.serial(
  'SEC-LOG-03 Keyring.rotate writes key.rotated with the versions, the actor and the outcome',
  async (t) => {
    const from = (await env.keyring.activeKey('payment')).version;
    let to = 0;
    const events = await newEventsOf(async () => (to = await env.keyring.rotate('payment', SYSTEM)));
    t.is(to, from + 1);
    t.is(events.length, 1);
    t.like(events[0], {
      type: 'key.rotated',
      actor: { type: 'system', id: 'key-rotation-schedule' },
      outcome: 'success',
      originIp: null,
      resource: { type: 'data_key', id: 'payment' },
      details: { keyClass: 'payment', fromVersion: from, toVersion: to },
    });

    const byAdmin = await newEventsOf(() => env.keyring.rotate('pii', { actor: ADMIN, originIp: ORIGIN }));
    t.like(byAdmin, [{ type: 'key.rotated', actor: { type: 'admin', id: 'adm_keys' }, originIp: ORIGIN }]);
  },
);

test.serial(
  'SEC-LOG-03 Keyring.retire writes key.retired, for the retirement and for each refusal',
  async (t) => {
    const old = (await env.keyring.activeKey('payment')).version;
    const refusedActive = await newEventsOf(() => env.keyring.retire('payment', old, noRows, SYSTEM));
    t.like(refusedActive, [
      { type: 'key.retired', outcome: 'failure', details: { version: old, reason: 'active' } },
    ]);

    await env.keyring.rotate('payment', SYSTEM);
    const inUse: KeyUsageCounter = async () => 2;
    await t.throwsAsync(env.keyring.retire('payment', old, inUse, SYSTEM), { instanceOf: KeyInUseError });
    t.like((await keyEvents()).at(-1), {
      type: 'key.retired',
      outcome: 'failure',
      details: { reason: 'in_use' },
    });

    const retired = await newEventsOf(() => env.keyring.retire('payment', old, noRows, SYSTEM));
    t.like(retired, [
      {
        type: 'key.retired',
        outcome: 'success',
        resource: { type: 'data_key', id: `payment:${old}` },
        details: { keyClass: 'payment', version: old },
      },
    ]);
  },
);

test.serial(
  'SEC-AUTHZ-02 the keyring asks the policy itself: a person without manage_keys is refused and audited',
  async (t) => {
    const active = (await env.keyring.activeKey('pii')).version;
    for (const actor of [
      { id: 'usr_1', role: 'USER' },
      { id: 'usr_2', role: 'BUSINESS_ADMIN', companyId: 'cmp_1' },
    ] as Actor[]) {
      const events = await newEventsOf(async () => {
        await t.throwsAsync(env.keyring.rotate('pii', { actor, originIp: ORIGIN }), {
          instanceOf: AppError,
          message: /Access denied/,
        });
      });
      t.like(events, [{ type: 'key.rotated', outcome: 'denied', actor: { type: 'user', id: actor.id } }]);
      const retire = env.keyring.retire('pii', active, noRows, { actor, originIp: ORIGIN });
      await t.throwsAsync(retire, { instanceOf: AppError });
      t.like((await keyEvents()).at(-1), { type: 'key.retired', outcome: 'denied' });
    }
    t.is((await env.keyring.activeKey('pii')).version, active, 'nothing rotated');
  },
);

test.serial('SEC-LOG-03 a rotation whose audit event cannot be written does not happen', async (t) => {
  const failing: KeyAuditor = {
    inTransaction: async () => {
      throw new Error('audit store unavailable');
    },
    append: async () => undefined,
  };
  const keyring = env.newKeyring({ audit: failing });
  const before = (await keyring.activeKey('payment')).version;
  await t.throwsAsync(keyring.rotate('payment', SYSTEM), { message: 'audit store unavailable' });
  t.is((await env.newKeyring().activeKey('payment')).version, before, 'the new version was rolled back');

  const unaudited = new Keyring({
    provider: env.keyring.provider,
    sequelize: env.sequelize,
    keyStore: env.keyStore,
  });
  await t.throwsAsync(unaudited.rotate('payment', SYSTEM), { message: /no audit writer/ });
  t.is((await env.newKeyring().activeKey('payment')).version, before);
});
