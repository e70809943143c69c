import test from 'ava';
import { loadConfig } from '../../lib/config';

const config = loadConfig();

test('the Temporal Web UI answers while the stack is up', async (t) => {
  const res = await fetch(config.temporal.uiUrl, { signal: AbortSignal.timeout(5_000) });
  t.is(res.status, 200);
  t.regex(await res.text(), /<html/i);
});

test('OpenSearch is a 2.x cluster', async (t) => {
  const res = await fetch(config.opensearch.url, { signal: AbortSignal.timeout(5_000) });
  const body = (await res.json()) as { version: { distribution: string; number: string } };
  t.is(body.version.distribution, 'opensearch');
  t.regex(body.version.number, /^2\./);
});

test('stripe-mock serves the Stripe API with the configured secret key', async (t) => {
  t.truthy(config.stripe.secretKey?.startsWith('sk_test_'));
  const res = await fetch(`${config.stripe.mockUrl}/v1/payment_intents?limit=1`, {
    headers: { Authorization: `Bearer ${config.stripe.secretKey}` },
    signal: AbortSignal.timeout(5_000),
  });
  t.is(res.status, 200);
  t.is(((await res.json()) as { object: string }).object, 'list');
});
