import test from 'ava';
import { generate } from 'otplib';
import { TOTP_PERIOD_SECONDS, verifyTotp } from '../../lib/auth/mfa-totp';
import { checkMfa } from '../../services/accounts/mfa-check';
import { accountsHarness } from './helpers/accounts-harness';
import { createUser, enrolMfa, totpCode } from './helpers/accounts-data';

/**
 * SEC-AUTH-06 (RFC 6238 §5.2): one step of clock drift either way and no more, wherever in its
 * 30-second step the check happens; and no code twice. Codes come from the TOTP library's own
 * generator at explicit epochs, so nothing depends on the wall clock.
 */
const h = accountsHarness('sec-auth-06-window');
const STEP = TOTP_PERIOD_SECONDS;
// A step boundary far from now: the window must not depend on the real time.
const STEP_START = 1_900_000_020;
// RFC 6238's test secret ("12345678901234567890"): a fixed secret, so no two steps' codes can
// coincide by chance in one run and not in another.
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

test('SEC-AUTH-06 verifyTotp accepts the previous, current and next step only, at the start, middle and end of a step', async (t) => {
  t.is(STEP_START % STEP, 0);
  const secret = SECRET;
  const step = STEP_START / STEP;
  for (const into of [0, 15, STEP - 1]) {
    const now = STEP_START + into;
    for (const offset of [-2, -1, 0, 1, 2]) {
      const code = await generate({ secret, epoch: STEP_START + offset * STEP });
      const matched = await verifyTotp(secret, code, undefined, now);
      const expected = Math.abs(offset) <= 1 ? step + offset : undefined;
      t.is(matched, expected, `${into}s into the step, a code ${offset} step(s) away`);
    }
  }
});

test('SEC-AUTH-06 verifyTotp refuses a step at or before the last one used', async (t) => {
  const secret = SECRET;
  const step = STEP_START / STEP;
  const previous = await generate({ secret, epoch: STEP_START - STEP });
  t.is(await verifyTotp(secret, previous, undefined, STEP_START), step - 1);
  t.is(await verifyTotp(secret, previous, step - 1, STEP_START), undefined, 'the same code again');
  const current = await generate({ secret, epoch: STEP_START });
  t.is(await verifyTotp(secret, current, step - 1, STEP_START), step, 'a newer step still works');
  t.is(await verifyTotp(secret, previous, step, STEP_START), undefined, 'an older one no longer does');
});

test.serial(
  'SEC-AUTH-06 the account service applies the window: previous step accepted, two steps old or ahead refused, no code twice',
  async (t) => {
    const user = await createUser(h.deps);
    await enrolMfa(h.deps, user); // spends the current step
    const factor = (await h.deps.models.UserMfa.findOne({ where: { user_id: user.id } }))!;
    factor.secret = SECRET;
    await factor.save();
    const secret = SECRET;
    h.clock.advance(10 * STEP * 1000 + 15_000); // ten steps on, mid-step
    const check = async (stepOffset: number) =>
      checkMfa(h.deps, user.id, { mfaCode: await totpCode(h.deps, secret, stepOffset) });
    t.is(await check(-2), 'invalid', 'two steps old');
    t.is(await check(2), 'invalid', 'two steps ahead');
    t.is(await check(-1), 'totp', 'the previous step (clock drift)');
    t.is(await check(-1), 'invalid', 'the same code twice');
    t.is(await check(0), 'totp', 'the current step');
    t.is(await check(0), 'invalid', 'the current code twice');
  },
);
