import test from 'ava';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { findOneByBlindIndex } from '../../db/encrypted';
import { signup } from '../../services/accounts';
import { commonPasswords } from '../../lib/auth/common-passwords';
import { breachCheck } from '../../lib/auth/password-breach-check';
import { assertPasswordAcceptable, passwordProblem } from '../../lib/auth/password-policy';
import { loadConfig } from '../../lib/config';
import { AppError } from '../../lib/errors';
import { accountsHarness } from './helpers/accounts-harness';
import { newEmail, ORIGIN } from './helpers/accounts-data';

const h = accountsHarness('sec-auth-02');

test('SEC-AUTH-02 length is 15 to 128 code points, counted as code points', (t) => {
  t.is(passwordProblem('a'.repeat(14)), 'too_short');
  t.is(passwordProblem('plain words only'), undefined);
  // 14 emoji are 28 UTF-16 units: a .length check would let them through.
  t.is(passwordProblem('🦊'.repeat(14)), 'too_short');
  t.is(passwordProblem('🦊'.repeat(15)), undefined);
  t.is(passwordProblem(`${'horse battery '.repeat(9)}ab`.slice(0, 128)), undefined);
  t.is(passwordProblem('x'.repeat(129)), 'too_long');
});

test('SEC-AUTH-02 passwords are never truncated: a change in the last character matters', async (t) => {
  const base = `${'correct horse battery staple '.repeat(5)}`.slice(0, 127);
  const hash = await h.deps.hasher.hash(`${base}A`);
  t.true(await h.deps.hasher.verify(hash, `${base}A`));
  t.false(await h.deps.hasher.verify(hash, `${base}B`));
});

test('SEC-AUTH-02 the shipped list has at least 10,000 entries and its long entries are refused', (t) => {
  const list = commonPasswords();
  t.true(list.size >= 10_000);
  const long = [...list].filter((p) => [...p].length >= 15 && [...p].length <= 128).slice(0, 50);
  t.true(long.length === 50);
  for (const p of long) t.is(passwordProblem(p), 'common', p);
  t.is(passwordProblem(long[0]!.toUpperCase()), 'common');
});

test('SEC-AUTH-02 refuses the email local part and the name, with the reason', (t) => {
  const context = { email: 'margaret.hamilton@example.test', fullName: 'Margaret Hamilton' };
  t.is(passwordProblem('my name is Margaret and I fly', context), 'contains_email');
  t.is(passwordProblem('apollo guidance hamilton 11', { fullName: 'Margaret Hamilton' }), 'contains_name');
  t.is(passwordProblem('apollo guidance computer 11', context), undefined);
});

test('SEC-AUTH-02 no composition rules: lower-case letters and spaces are enough', (t) => {
  t.is(passwordProblem('the quick brown fox jumps'), undefined);
});

test('SEC-AUTH-02 signup refuses a weak password with its reason and writes nothing', async (t) => {
  const email = newEmail();
  const error = await t.throwsAsync(
    signup(h.deps, { email, password: 'short pass', fullName: 'Ada Byron' }, ORIGIN),
  );
  t.true(error instanceof AppError);
  t.is((error as AppError).status, 400);
  t.is((error as AppError).code, 'WEAK_PASSWORD');
  t.deepEqual((error as AppError).details, { field: 'password', reason: 'too_short' });
  t.is(await findOneByBlindIndex(h.deps.models.User, 'email', email), null);
  t.deepEqual(h.dispatched, []);
});

test('SEC-AUTH-02 the online breach check is off by default and sends only a 5-character prefix', async (t) => {
  t.false(loadConfig({}).accounts.breachCheck.enabled);
  const password = 'a perfectly fine passphrase';
  const { createHash } = await import('node:crypto');
  const sha1 = createHash('sha1').update(password).digest('hex').toUpperCase();
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.end(`0000000000000000000000000000000000A:0\r\n${sha1.slice(5)}:42\r\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const check = breachCheck({ enabled: true, url: `http://127.0.0.1:${port}/range/`, timeoutMs: 2000 });
    const error = await t.throwsAsync(assertPasswordAcceptable(password, {}, check));
    t.is((error as AppError).details?.reason, 'breached');
    t.deepEqual(seen, [`/range/${sha1.slice(0, 5)}`]);
    const off = breachCheck({ enabled: false, url: `http://127.0.0.1:${port}/range/`, timeoutMs: 2000 });
    await t.notThrowsAsync(assertPasswordAcceptable(password, {}, off));
    t.is(seen.length, 1);
  } finally {
    server.close();
  }
});
