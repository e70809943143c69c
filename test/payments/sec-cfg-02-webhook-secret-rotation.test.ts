import test from 'ava';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app';
import { closeGracefully, listen } from '../../api/listen';
import { composeWebhooks } from '../../api/routes/webhooks/compose-webhooks';
import { loadConfig, type Config } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import type { PaymentEvent } from '../../services/payments';
import { LogCapture } from '../helpers/log-capture';
import { secretsDir } from '../helpers/secrets-dir';
import { paymentsHarness, type PaymentsHarness } from './helpers/payments-db';
import { paymentIntentEvent, signature } from './helpers/webhook-app';

let h: PaymentsHarness;
test.before(async () => {
  h = await paymentsHarness();
});
test.after.always(() => h?.close());

const newSecret = () => `whsec_${randomBytes(24).toString('hex')}`;

/**
 * The API's webhook route as a restarted process builds it: config loaded from the secret files
 * (stripe_webhook_secret, stripe_webhook_secret_previous), then composeWebhooks, then the app.
 */
async function startApi(env: NodeJS.ProcessEnv) {
  const loaded = loadConfig(env);
  const config: Config = {
    ...h.db.config,
    stripe: loaded.stripe,
    api: { ...h.db.config.api, host: '127.0.0.1', port: 0 },
  };
  const events: PaymentEvent[] = [];
  const logger = createLogger({ serviceName: 'cfg02', log: { level: 'fatal' } }, new LogCapture());
  const webhooks = composeWebhooks(config, h.sequelize, logger, {
    onPaymentEvent: async (event) => void events.push(event),
  });
  const app = createApp({ config, logger, readiness: {}, webhooks });
  const server: Server = await listen(app, config.api);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/webhooks/stripe`;
  return {
    events,
    async deliver(secret: string) {
      const body = paymentIntentEvent(randomUUID());
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature(body, secret) },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      return { status: res.status, code: ((await res.json()) as { error_code?: string }).error_code };
    },
    close: () => closeGracefully(server, 1_000),
  };
}

test('SEC-CFG-02 Stripe webhook secret: events signed under the previous secret are accepted during the overlap, refused after it', async (t) => {
  const secrets = secretsDir('cfg02-stripe');
  t.teardown(secrets.close);
  const [old, next] = [newSecret(), newSecret()];

  secrets.write('stripe_webhook_secret', next);
  secrets.write('stripe_webhook_secret_previous', old);
  const overlap = await startApi(secrets.env);
  t.teardown(overlap.close);
  t.is((await overlap.deliver(next)).status, 200, 'the new secret');
  t.is((await overlap.deliver(old)).status, 200, 'the previous secret, during the overlap');
  t.like(await overlap.deliver(newSecret()), { status: 400, code: 'WEBHOOK_BAD_SIGNATURE' }, 'any other');
  t.is(overlap.events.length, 2);

  secrets.remove('stripe_webhook_secret_previous');
  const after = await startApi(secrets.env);
  t.teardown(after.close);
  t.is((await after.deliver(next)).status, 200);
  t.like(await after.deliver(old), { status: 400, code: 'WEBHOOK_BAD_SIGNATURE' }, 'after the overlap');
  t.is(after.events.length, 1);
});
