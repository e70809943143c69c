import test from 'ava';
import { ConfigError } from '../../lib/config';
import { sessionsConfig } from '../../lib/config/sessions';

const api = { publicUrl: 'https://travelhub.example/app', corsOrigins: ['https://partner.example'] };

test('session defaults are the requirement numbers; origins come from the public URL and the CORS list', (t) => {
  const c = sessionsConfig({}, api);
  t.like(c, {
    issuer: api.publicUrl,
    accessTtlSeconds: 900,
    refreshTtlSeconds: 604_800,
    idleTimeoutSeconds: 1_800,
    customerLifetimeSeconds: 604_800,
    adminLifetimeSeconds: 43_200,
    maxPerUser: 5,
  });
  t.deepEqual(c.allowedOrigins, ['https://travelhub.example', 'https://partner.example']);
});

test('a deployment may tighten the session limits but never loosen them', (t) => {
  t.is(sessionsConfig({ SESSION_IDLE_TIMEOUT_SECONDS: '600' }, api).idleTimeoutSeconds, 600);
  for (const [name, value] of [
    ['ACCESS_TOKEN_TTL_SECONDS', '3600'],
    ['SESSION_IDLE_TIMEOUT_SECONDS', '7200'],
    ['SESSION_ADMIN_LIFETIME_SECONDS', '86400'],
    ['SESSION_MAX_PER_USER', '6'],
    ['REFRESH_TOKEN_TTL_SECONDS', '1e9'],
  ]) {
    t.throws(() => sessionsConfig({ [name!]: value }, api), { instanceOf: ConfigError }, name);
  }
});
