import test from 'ava';
import { assertEmailVerified, getMe, signup, verifyEmail } from '../../services/accounts';
import { findOneByBlindIndex } from '../../db/encrypted';
import { AppError } from '../../lib/errors';
import { accountsHarness } from './helpers/accounts-harness';
import { newEmail, ORIGIN, strongPassword } from './helpers/accounts-data';

const h = accountsHarness('sec-auth-07');

/** The verification link from the outbox row signup wrote (the e2e test reads it from the SMTP sink). */
async function linkToken(outboxId: string): Promise<string> {
  const row = await h.deps.models.EmailOutbox.findByPk(outboxId);
  const { link } = JSON.parse(row!.payload!) as { link: string };
  return link.split('#verify-email=')[1]!;
}

async function signedUp() {
  const email = newEmail();
  await signup(h.deps, { email, password: strongPassword(), fullName: 'Grace Hopper' }, ORIGIN);
  const user = await findOneByBlindIndex(h.deps.models.User, 'email', email);
  return { email, user: user!, token: await linkToken(h.dispatched.at(-1)!) };
}

test.serial(
  'SEC-AUTH-07 a new account is unverified until its emailed link is used, and booking can require it',
  async (t) => {
    const { user, token } = await signedUp();
    const actor = { id: user.id, role: user.role };
    t.false((await getMe(h.deps, actor)).emailVerified);
    const refused = await t.throwsAsync(assertEmailVerified(h.deps, user.id));
    t.is((refused as AppError).code, 'EMAIL_NOT_VERIFIED');
    await verifyEmail(h.deps, token, ORIGIN);
    t.true((await getMe(h.deps, actor)).emailVerified);
    await t.notThrowsAsync(assertEmailVerified(h.deps, user.id));
  },
);

test.serial('SEC-AUTH-07 a verification link works once and not after it expires', async (t) => {
  const first = await signedUp();
  await verifyEmail(h.deps, first.token, ORIGIN);
  const again = await t.throwsAsync(verifyEmail(h.deps, first.token, ORIGIN));
  t.is((again as AppError).code, 'INVALID_TOKEN');

  const late = await signedUp();
  h.clock.advance((h.deps.config.accounts.verificationTokenTtlSeconds + 1) * 1000);
  const expired = await t.throwsAsync(verifyEmail(h.deps, late.token, ORIGIN));
  t.is((expired as AppError).code, 'INVALID_TOKEN');
  const malformed = await t.throwsAsync(verifyEmail(h.deps, 'not-a-token', ORIGIN));
  t.is((malformed as AppError).code, 'INVALID_TOKEN');
});

test.serial(
  'SEC-AUTH-07 signup stores the email encrypted, the token hashed, and audits the new account',
  async (t) => {
    const { email, user, token } = await signedUp();
    const [raw] = (await h.sequelize.query('SELECT email_encrypted, email_bidx FROM users WHERE id = $1', {
      bind: [user.id],
      plain: false,
    })) as [Array<{ email_encrypted: string; email_bidx: string }>, unknown];
    t.false(JSON.stringify(raw).includes(email));
    const [tokens] = (await h.sequelize.query(
      "SELECT encode(token_hash, 'hex') AS h FROM account_tokens WHERE user_id = $1",
      { bind: [user.id] },
    )) as [Array<{ h: string }>, unknown];
    t.is(tokens.length, 1);
    t.false(tokens[0]!.h.includes(Buffer.from(token).toString('hex')));
    const [events] = (await h.sequelize.query(
      "SELECT count(*)::int AS n FROM audit_events WHERE event_type = 'account.created' AND resource_id = $1",
      { bind: [user.id] },
    )) as [Array<{ n: number }>, unknown];
    t.is(events[0]!.n, 1);
  },
);
