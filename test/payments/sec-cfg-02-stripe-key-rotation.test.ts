import test from 'ava';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { loadConfig } from '../../lib/config';
import { createStripeClient } from '../../lib/clients';
import { secretsDir } from '../helpers/secrets-dir';

const testKey = () => `sk_test_${randomBytes(16).toString('hex')}`;

// localstripe accepts any `sk_…` key and refuses anything else (401), and cannot expire a key: so
// this proves that every request reads the key file (a value localstripe refuses, written after
// the client was made, is what it receives), not that Stripe honours a rolled key's overlap.
test('SEC-CFG-02 the Stripe API key is read from its file for every request: a rolled key needs no restart', async (t) => {
  const secrets = secretsDir('stripe-key-rotation');
  t.teardown(() => secrets.close());
  secrets.write('stripe_secret_key', testKey());
  const stripe = createStripeClient(loadConfig(secrets.env));

  t.is((await stripe.customers.list({ limit: 1 })).object, 'list', 'the key read at start works');

  secrets.write('stripe_secret_key', `revoked_${randomBytes(16).toString('hex')}`);
  const refused = await t.throwsAsync(stripe.customers.list({ limit: 1 }));
  t.true(
    refused instanceof Stripe.errors.StripeAuthenticationError,
    'the same client sent the file’s new value',
  );

  secrets.write('stripe_secret_key', testKey());
  t.is((await stripe.customers.list({ limit: 1 })).object, 'list', 'the rolled key, without a new client');
});
