import test from 'ava';
import { QueryTypes } from 'sequelize';
import { createAuditWriter } from '../../lib/audit';
import { createSessionService } from '../../services/sessions';
import { subkey } from '../../services/sessions/session-secret';
import { newUser, sessionFixture } from './helpers/session-fixture';

const f = sessionFixture('sess06');
const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
const firefoxUpdated = 'Mozilla/5.0 (X11; Linux x86_64; rv:141.0) Gecko/20100101 Firefox/141.0';
const safariPhone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1';

test.serial(
  'SEC-SESS-06 a login from a new device or a new network notifies the user and is audited; known ones do not',
  async (t) => {
    const { sessions } = f.security();
    const user = newUser();
    const notifiedFor = () => f.notified.filter((n) => n.userId === user.id);
    const audited = async () =>
      (await f.auditRows('auth.login.new_device')).filter((r) => r.actor_id === user.id);

    await sessions.startSession(user, { ip: '203.0.113.10', userAgent: firefox }, 'browser');
    t.is(notifiedFor().length, 0, 'the very first sign-in has nothing to compare with');
    await sessions.startSession(user, { ip: '203.0.113.99', userAgent: firefoxUpdated }, 'browser');
    t.is(notifiedFor().length, 0, 'same browser after an update, same /24: known');

    const phone = await sessions.startSession(
      user,
      { ip: '203.0.113.10', userAgent: safariPhone },
      'browser',
    );
    t.is(notifiedFor().length, 1, 'new device');
    t.like(notifiedFor()[0], { sessionId: phone.sessionId, ip: '203.0.113.10', device: 'Safari on iOS' });

    await sessions.startSession(user, { ip: '198.51.100.7', userAgent: firefox }, 'browser');
    t.is(notifiedFor().length, 2, 'known device on a new network');
    await sessions.startSession(user, { ip: '198.51.100.8', userAgent: firefox }, 'browser');
    t.is(notifiedFor().length, 2, 'that network is known now');

    const rows = await audited();
    t.is(rows.length, 2);
    t.true(rows[0]!.canonical.includes('Safari on iOS'));
    t.is(rows[0]!.resource_id, phone.sessionId);
  },
);

test.serial(
  'SEC-SESS-06 a failing notifier never fails the login, and the audit event is still written',
  async (t) => {
    const user = newUser();
    const sessions = createSessionService({
      redis: f.stores.redis,
      sequelize: f.stores.sequelize,
      audit: createAuditWriter(f.stores.sequelize),
      settings: f.config.sessions,
      keys: f.keys,
      deviceKey: subkey(f.secret, 'device'),
      notifyNewDevice: () => Promise.reject(new Error('SMTP down')),
    });
    await sessions.startSession(user, { ip: '203.0.113.10', userAgent: firefox }, 'browser');
    const second = await sessions.startSession(user, { ip: '192.0.2.1', userAgent: safariPhone }, 'browser');
    t.truthy(second.accessToken);
    const rows = (await f.auditRows('auth.login.new_device')).filter((r) => r.actor_id === user.id);
    t.is(rows.length, 1);
  },
);

test.serial(
  'SEC-SESS-06 known devices are stored as keyed fingerprints only: no address, no User-Agent',
  async (t) => {
    const user = newUser();
    await f.security().sessions.startSession(user, { ip: '203.0.113.77', userAgent: firefox }, 'browser');
    const rows = await f.stores.sequelize.query<{ fingerprint: Buffer }>(
      'SELECT fingerprint FROM known_devices WHERE user_id = :id',
      { replacements: { id: user.id }, type: QueryTypes.SELECT },
    );
    t.is(rows.length, 1);
    t.is(rows[0]!.fingerprint.length, 32);
    const text = rows[0]!.fingerprint.toString('latin1');
    t.false(text.includes('203.0.113') || text.includes('Firefox'));
  },
);

test.serial(
  'SEC-SESS-06 a login whose new-device audit cannot be written fails whole: no session is left behind',
  async (t) => {
    const user = newUser();
    const sessions = createSessionService({
      redis: f.stores.redis,
      sequelize: f.stores.sequelize,
      audit: { append: () => Promise.reject(new Error('audit store down')) },
      settings: f.config.sessions,
      keys: f.keys,
      deviceKey: subkey(f.secret, 'device'),
    });
    const first = await sessions.startSession(user, { ip: '203.0.113.10', userAgent: firefox }, 'bearer');
    await t.throwsAsync(sessions.startSession(user, { ip: '192.0.2.9', userAgent: safariPhone }, 'bearer'));
    const left = await sessions.listSessions({ ...user, sessionId: first.sessionId });
    t.deepEqual(
      left.map((s) => s.id),
      [first.sessionId],
    );
    const families = await f.stores.sequelize.query<{ live: number }>(
      'SELECT count(*)::int AS live FROM refresh_tokens WHERE user_id = :id AND revoked_at IS NULL',
      { replacements: { id: user.id }, type: QueryTypes.SELECT },
    );
    t.is(families[0]!.live, 1, 'and no usable refresh token of the failed login');
  },
);
