import test from 'ava';
import { ConfigError, loadConfig } from '../../lib/config';

/*
 * How long an unfinished request holds its Idempotency-Key (the 409 IDEMPOTENCY_KEY_IN_FLIGHT
 * window), which is also how long a key stays blocked after its request's process died. It must
 * outlast the request timeout, or a retry could run beside a request still at work.
 */

test('SEC-IDEM-01 the in-flight lock of a key lasts IDEMPOTENCY_LOCK_TTL_SECONDS, 60 s by default, always longer than REQUEST_TIMEOUT_MS', (t) => {
  t.is(loadConfig({ NODE_ENV: 'test' }).idempotency.lockTtlSeconds, 60);
  t.is(
    loadConfig({ NODE_ENV: 'test', REQUEST_TIMEOUT_MS: '15000', IDEMPOTENCY_LOCK_TTL_SECONDS: '20' })
      .idempotency.lockTtlSeconds,
    20,
  );
  for (const lock of ['30', '10']) {
    t.throws(() => loadConfig({ NODE_ENV: 'test', IDEMPOTENCY_LOCK_TTL_SECONDS: lock }), {
      instanceOf: ConfigError,
      message: /IDEMPOTENCY_LOCK_TTL_SECONDS must be longer than REQUEST_TIMEOUT_MS/,
    });
  }
  t.throws(() => loadConfig({ NODE_ENV: 'test', IDEMPOTENCY_LOCK_TTL_SECONDS: '0' }), {
    instanceOf: ConfigError,
  });
});
