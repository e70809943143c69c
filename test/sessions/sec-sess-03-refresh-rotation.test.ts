import { createHash } from 'node:crypto';
import test from 'ava';
import { QueryTypes } from 'sequelize';
import { newUser, sessionFixture } from './helpers/session-fixture';

const f = sessionFixture('sess03');
const client = { ip: '203.0.113.10', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' };
const DAY_MS = 86_400_000;

interface TokenRow {
  token_hash: Buffer;
  family_id: string;
  rotated_at: Date | null;
  revoked_at: Date | null;
  revoke_reason: string | null;
  expires_at: Date;
}

function rowsOf(familyId: string): Promise<TokenRow[]> {
  return f.stores.sequelize.query<TokenRow>(
    'SELECT token_hash, family_id, rotated_at, revoked_at, revoke_reason, expires_at FROM refresh_tokens WHERE family_id = :familyId ORDER BY created_at, rotated_at NULLS LAST',
    { replacements: { familyId }, type: QueryTypes.SELECT },
  );
}

test.serial(
  'SEC-SESS-03 refresh tokens are opaque 256-bit values stored only as their SHA-256',
  async (t) => {
    const { sessions } = f.security();
    const issued = await sessions.startSession(newUser(), client, 'bearer');
    t.regex(issued.refreshToken, /^[A-Za-z0-9_-]{43}$/, '32 random bytes, base64url, no structure');
    t.is(Buffer.from(issued.refreshToken, 'base64url').length, 32);
    t.false(issued.refreshToken.includes('.'), 'not a JWT');
    const [row] = await rowsOf(issued.sessionId);
    t.deepEqual(row!.token_hash, createHash('sha256').update(issued.refreshToken).digest());
    const raw = await f.stores.sequelize.query<{ found: number }>(
      "SELECT count(*)::int AS found FROM refresh_tokens WHERE encode(token_hash, 'escape') LIKE :token",
      { replacements: { token: `%${issued.refreshToken}%` }, type: QueryTypes.SELECT },
    );
    t.is(raw[0]!.found, 0, 'the token itself is nowhere in the table');
  },
);

test.serial(
  'SEC-SESS-03 every refresh rotates: the new token works once, the family end never moves',
  async (t) => {
    const { sessions } = f.security();
    const first = await sessions.startSession(newUser(), client, 'bearer');
    f.clock.advance(60_000);
    const second = await sessions.refresh(first.refreshToken, client);
    t.not(second.refreshToken, first.refreshToken);
    t.is(second.sessionId, first.sessionId, 'same session, same family');
    t.is(
      second.refreshExpiresAt.getTime(),
      first.refreshExpiresAt.getTime(),
      'rotation keeps the absolute end',
    );
    f.clock.advance(60_000);
    const third = await sessions.refresh(second.refreshToken, client);
    t.truthy(third.accessToken);
    const rows = await rowsOf(first.sessionId);
    t.is(rows.length, 3);
    t.is(rows.filter((r) => r.rotated_at === null).length, 1, 'only the newest is unused');
  },
);

test.serial('SEC-SESS-03 the family ends 7 days after login, however often it was rotated', async (t) => {
  const { sessions } = f.security();
  let issued = await sessions.startSession(newUser(), client, 'bearer');
  t.is(issued.refreshExpiresAt.getTime() - f.clock.now, 7 * DAY_MS);
  // Active every 29 minutes for a week: never idle, but the absolute end still comes.
  const end = f.clock.now + 7 * DAY_MS;
  while (f.clock.now + 29 * 60_000 < end) {
    f.clock.advance(29 * 60_000);
    issued = await sessions.refresh(issued.refreshToken, client);
  }
  f.clock.advance(end - f.clock.now);
  const error = await t.throwsAsync(sessions.refresh(issued.refreshToken, client));
  t.is((error as { status?: number }).status, 401);
});

test.serial('SEC-SESS-03 reuse of a rotated token revokes the whole family and is audited', async (t) => {
  const { sessions } = f.security();
  const user = newUser();
  const stolen = await sessions.startSession(user, client, 'bearer');
  const legit = await sessions.refresh(stolen.refreshToken, client);
  t.truthy(await sessions.authenticate(stolen.sessionId), 'session live before the reuse');

  const reuse = await t.throwsAsync(
    sessions.refresh(stolen.refreshToken, { ...client, ip: '198.51.100.66' }),
  );
  t.is((reuse as { status?: number }).status, 401);

  const current = await t.throwsAsync(sessions.refresh(legit.refreshToken, client));
  t.is((current as { status?: number }).status, 401, "the family's newest token is dead too");
  t.is(await sessions.authenticate(stolen.sessionId), undefined, 'and the session itself has ended');
  const rows = await rowsOf(stolen.sessionId);
  t.true(rows.every((r) => r.revoked_at !== null && r.revoke_reason === 'token_reuse'));

  const audited = (await f.auditRows('session.token_reuse_detected')).filter((r) => r.actor_id === user.id);
  t.is(audited.length, 1);
  t.is(audited[0]!.outcome, 'denied');
  t.is(audited[0]!.resource_id, stolen.sessionId);
  t.true(audited[0]!.canonical.includes('198.51.100.66'), 'with the address the reuse came from');
});

test.serial("SEC-SESS-03 unknown, malformed and other families' tokens are refused with 401", async (t) => {
  const { sessions } = f.security();
  for (const token of ['', 'x', 'A'.repeat(43), `${'A'.repeat(42)}.`, 'A'.repeat(44)]) {
    const error = await t.throwsAsync(sessions.refresh(token, client));
    t.is((error as { status?: number }).status, 401, JSON.stringify(token));
  }
});
