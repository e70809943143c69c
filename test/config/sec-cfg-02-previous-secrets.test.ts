import test from 'ava';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, UnsafeProductionConfigError, loadConfig } from '../../lib/config';
import { loadSessionSecrets, SessionSecretError } from '../../services/sessions/session-secret';
import { secretsDir } from '../helpers/secrets-dir';
import { productionEnv } from './helpers/production-env';

const strong = () => randomBytes(32).toString('base64url');
const write = (env: NodeJS.ProcessEnv, name: string, value: string) =>
  writeFileSync(join(env.SECRETS_DIR ?? '', name), `${value}\n`, { mode: 0o600 });

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof UnsafeProductionConfigError) return error.problems;
    throw error;
  }
  return [];
}

test('SEC-CFG-02 a previous secret is read from its own file, and is optional', (t) => {
  const env = productionEnv(t);
  t.is(loadConfig(env).stripe.webhookSecretPrevious, undefined, 'absent: no overlap');
  const previous = `whsec_${strong()}`;
  write(env, 'stripe_webhook_secret_previous', previous);
  t.is(loadConfig(env).stripe.webhookSecretPrevious, previous);
  const challengeKey = strong();
  write(env, 'altcha_hmac_key_previous', challengeKey);
  t.like(loadConfig(env).accounts.captcha, { provider: 'altcha', previousSecret: challengeKey });
});

test('SEC-CFG-02 a previous secret without a current one stops the start in any mode', (t) => {
  for (const NODE_ENV of ['development', 'production']) {
    const env = { ...productionEnv(t), NODE_ENV };
    write(env, 'stripe_webhook_secret_previous', `whsec_${strong()}`);
    write(env, 'stripe_webhook_secret', '');
    t.throws(() => loadConfig(env), {
      instanceOf: ConfigError,
      message: 'stripe_webhook_secret_previous is set but stripe_webhook_secret is not',
    });
  }
});

test('SEC-CFG-02 production holds a previous secret to the rules of the current one: file only, no default, not short', (t) => {
  for (const name of ['stripe_webhook_secret_previous', 'altcha_hmac_key_previous']) {
    for (const weak of ['whsec_test', 'short-secret', 'a'.repeat(40)]) {
      const env = productionEnv(t);
      write(env, name, weak);
      t.deepEqual(problemsOf(env), [`secret ${name} is a known default, too short or too uniform`], weak);
    }
  }
  for (const name of [
    'STRIPE_WEBHOOK_SECRET_PREVIOUS',
    'SESSION_SECRET_PREVIOUS',
    'ALTCHA_HMAC_KEY_PREVIOUS',
  ]) {
    t.deepEqual(problemsOf({ ...productionEnv(t), [name]: strong() }), [
      `secret ${name.toLowerCase()} is set as a plain environment variable; mount it as a file`,
    ]);
  }
});

test('SEC-CFG-02 a session_secret_previous shorter than the current rule is refused at start', (t) => {
  const dir = secretsDir('cfg02-session-secret');
  t.teardown(dir.close);
  dir.write('session_secret', strong());
  t.is(loadSessionSecrets(dir.env).previous, undefined);
  dir.write('session_secret_previous', 'short');
  t.throws(() => loadSessionSecrets(dir.env), {
    instanceOf: SessionSecretError,
    message: /session_secret_previous/,
  });
  dir.remove('session_secret');
  t.throws(() => loadSessionSecrets(dir.env), { instanceOf: ConfigError });
});
