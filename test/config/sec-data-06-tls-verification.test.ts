import test from 'ava';
import type { Redis } from 'ioredis';
import {
  createOpenSearch,
  createSequelize,
  createStripeClient,
  failFastRedis,
  smtpOptions,
} from '../../lib/clients';
import { UnsafeProductionConfigError, loadConfig } from '../../lib/config';
import { temporalTls } from '../../lib/temporal/tls';
import { productionEnv } from './helpers/production-env';

test('SEC-DATA-06 production refuses switching certificate checks off, and plain HTTP to Stripe or a supplier', (t) => {
  const refused: [NodeJS.ProcessEnv, RegExp][] = [
    [{ NODE_TLS_REJECT_UNAUTHORIZED: '0' }, /NODE_TLS_REJECT_UNAUTHORIZED must not be 0/],
    [{ STRIPE_API_URL: 'http://api.stripe.com' }, /STRIPE_API_URL must use https/],
    [{ SUPPLIER_URL: 'http://suppliers.travelhub.internal' }, /SUPPLIER_HOTEL_URL must use https/],
    [{ SUPPLIER_FLIGHT_URL: 'http://flights.partner.example' }, /SUPPLIER_FLIGHT_URL must use https/],
  ];
  for (const [override, problem] of refused) {
    t.throws(() => loadConfig({ ...productionEnv(t), ...override }), {
      instanceOf: UnsafeProductionConfigError,
      message: problem,
    });
  }
  t.is(loadConfig({ ...productionEnv(t), NODE_TLS_REJECT_UNAUTHORIZED: '1' }).env, 'production');
  // Development keeps the local stack's plain simulators.
  t.is(
    loadConfig({ SUPPLIER_URL: 'http://127.0.0.1:53090' }).supplier.endpoints.hotel.url,
    'http://127.0.0.1:53090/hotel',
  );
});

test('SEC-DATA-06 every client built from a production config verifies the server certificate', async (t) => {
  const config = loadConfig({
    ...productionEnv(t),
    SMTP_URL: 'smtp://mail.travelhub.internal:587',
    TEMPORAL_CA_FILE: undefined,
  });

  const sequelize = createSequelize(config, 'app');
  t.teardown(() => sequelize.close());
  type PgSsl = { rejectUnauthorized?: boolean; ca?: string };
  const pgSsl = (sequelize as unknown as { options: { dialectOptions: { ssl?: PgSsl } } }).options
    .dialectOptions.ssl;
  t.is(pgSsl?.rejectUnauthorized, true, 'Postgres: verify-full checks the chain and the host name');
  t.truthy(pgSsl?.ca, 'Postgres: against the configured CA');

  const redis: Redis = failFastRedis(config.redis, { connectTimeoutMs: 50 });
  redis.disconnect();
  t.truthy(redis.options.tls, 'Redis: TLS');
  t.not((redis.options.tls as { rejectUnauthorized?: boolean }).rejectUnauthorized, false, 'Redis: verified');

  const opensearch = createOpenSearch(config);
  t.teardown(() => opensearch.close());
  const searchSsl = (opensearch.connectionPool as unknown as { _ssl?: { rejectUnauthorized?: boolean } })
    ._ssl;
  t.is(searchSsl?.rejectUnauthorized, true, 'OpenSearch: verified');

  const smtp = smtpOptions(config);
  t.true(smtp.requireTLS, 'SMTP: STARTTLS required on smtp://');
  t.is(smtp.tls?.rejectUnauthorized, true, 'SMTP: verified');
  t.true(smtpOptions({ ...config, smtp: { ...config.smtp, url: 'smtps://mail.travelhub.internal' } }).secure);

  // The Temporal SDK verifies whenever TLS is on; without a CA file, against the system roots.
  t.deepEqual(temporalTls(config), {}, 'Temporal: TLS with the system roots');

  const stripe = createStripeClient(config) as unknown as { getApiField(key: string): unknown };
  t.is(stripe.getApiField('protocol'), 'https', 'Stripe: https');
});
