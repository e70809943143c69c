import test from 'ava';
import { QueryTypes } from 'sequelize';
import { purgeExpiredRefreshTokens } from '../../services/sessions/purge';
import { newUser, sessionFixture } from './helpers/session-fixture';

const f = sessionFixture('purge');
const client = { ip: '203.0.113.9', userAgent: 'curl/8' };

test('expired refresh-token families are purged in batches; live ones stay', async (t) => {
  const { sessions } = f.security();
  const user = newUser();
  const old = [];
  for (let i = 0; i < 3; i++) old.push(await sessions.startSession(user, client, 'bearer'));
  f.clock.advance(8 * 86_400_000);
  const live = await sessions.startSession(user, client, 'bearer');
  const count = async () =>
    (
      await f.stores.sequelize.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = :id',
        { replacements: { id: user.id }, type: QueryTypes.SELECT },
      )
    )[0]!.n;
  t.is(await count(), 4);
  const now = new Date(f.clock.now);
  t.is(await purgeExpiredRefreshTokens(f.stores.sequelize, now, 2), 2);
  t.is(await purgeExpiredRefreshTokens(f.stores.sequelize, now, 2), 1);
  t.is(await purgeExpiredRefreshTokens(f.stores.sequelize, now, 2), 0);
  t.is(await count(), 1);
  t.truthy(await sessions.refresh(live.refreshToken, client), 'the live family still works');
});
