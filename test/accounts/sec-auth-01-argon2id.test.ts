import test from 'ava';
import { QueryTypes } from 'sequelize';
import { getMe, login } from '../../services/accounts';
import { loadConfig } from '../../lib/config';
import { accountsHarness } from './helpers/accounts-harness';
import { createUser, ORIGIN } from './helpers/accounts-data';

const h = accountsHarness('sec-auth-01');

function phcParams(hash: string): Record<string, number> {
  const [, algorithm, , params] = hash.split('$');
  const out: Record<string, number> = {};
  for (const pair of params!.split(',')) {
    const [k, v] = pair.split('=');
    out[k!] = Number(v);
  }
  return { ...out, argon2id: algorithm === 'argon2id' ? 1 : 0 };
}

test('SEC-AUTH-01 passwords are stored as Argon2id with at least 19 MiB and t=2', async (t) => {
  const user = await createUser(h.deps);
  const [row] = await h.sequelize.query<{ password_hash: string }>(
    'SELECT password_hash FROM user_credentials WHERE user_id = $1',
    { bind: [user.id], type: QueryTypes.SELECT },
  );
  const params = phcParams(row!.password_hash);
  t.is(params.argon2id, 1);
  t.true(params.m! >= 19_456);
  t.true(params.t! >= 2);
  t.false(row!.password_hash.includes(user.password));
  t.true(await h.deps.hasher.verify(row!.password_hash, user.password));
  t.false(await h.deps.hasher.verify(row!.password_hash, `${user.password}x`));
});

test('SEC-AUTH-01 configuration refuses Argon2 costs below the floor', (t) => {
  t.throws(() => loadConfig({ ARGON2_MEMORY_KIB: '16384' }), { message: /ARGON2_MEMORY_KIB/ });
  t.throws(() => loadConfig({ ARGON2_TIME_COST: '1' }), { message: /ARGON2_TIME_COST/ });
  t.is(loadConfig({}).accounts.argon2.memoryKiB, 19_456);
});

test('SEC-AUTH-01 the hash never leaves the database: not in answers, models or audit rows', async (t) => {
  const user = await createUser(h.deps);
  await login(h.deps, { email: user.email, password: user.password }, ORIGIN);
  await t.throwsAsync(login(h.deps, { email: user.email, password: 'wrong password, long enough' }, ORIGIN));
  const me = await getMe(h.deps, { id: user.id, role: user.role });
  t.false(JSON.stringify(me).includes('argon2'));
  const credential = await h.deps.models.UserCredential.findByPk(user.id);
  t.false(JSON.stringify(credential).includes('argon2'));
  const rows = await h.sequelize.query<{ canonical: string }>('SELECT canonical FROM audit_events', {
    type: QueryTypes.SELECT,
  });
  t.true(rows.length >= 3);
  t.false(rows.some((r) => r.canonical.includes('argon2')));
});
