import test from 'ava';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { siteverifyCaptcha } from '../../lib/auth/captcha-siteverify';
import { loadConfig } from '../../lib/config';

test('SEC-AUTH-04 the siteverify CAPTCHA adapter posts secret, token and IP, and fails closed', async (t) => {
  const seen: URLSearchParams[] = [];
  let answer = '{"success":true}';
  let status = 200;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push(new URLSearchParams(body));
      res.statusCode = status;
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/siteverify`;
    const captcha = siteverifyCaptcha({ verifyUrl: url, secret: 's3cret', timeoutMs: 2000 });
    t.true(await captcha.verify('solved-token', '203.0.113.5'));
    t.deepEqual(Object.fromEntries(seen[0]!), {
      secret: 's3cret',
      response: 'solved-token',
      remoteip: '203.0.113.5',
    });
    answer = '{"success":false,"error-codes":["invalid-input-response"]}';
    t.false(await captcha.verify('bad', '203.0.113.5'));
    answer = 'not json';
    t.false(await captcha.verify('x', '203.0.113.5'));
    status = 500;
    answer = '{"success":true}';
    t.false(await captcha.verify('x', '203.0.113.5'));
    t.false(await captcha.verify('', '203.0.113.5'));
    const unreachable = siteverifyCaptcha({ verifyUrl: 'http://127.0.0.1:1/', secret: 's', timeoutMs: 500 });
    t.false(await unreachable.verify('x', '203.0.113.5'));
  } finally {
    server.close();
  }
});

test('SEC-AUTH-04 the CAPTCHA provider is chosen by config, its secret only from a file', (t) => {
  // The default is the platform's own proof of work; "no challenge" is no longer a setting (it locked customers out).
  t.like(loadConfig({}).accounts.captcha, { provider: 'altcha', maxNumber: 100_000, ttlSeconds: 300 });
  t.throws(() => loadConfig({ CAPTCHA_PROVIDER: 'none' }), {
    message: /CAPTCHA_PROVIDER must be altcha or siteverify/,
  });
  t.throws(
    () =>
      loadConfig({
        CAPTCHA_PROVIDER: 'siteverify',
        CAPTCHA_VERIFY_URL: 'https://captcha.example/siteverify',
      }),
    {
      message: /captcha_secret/,
    },
  );
  const dir = mkdtempSync(join(tmpdir(), 'th-captcha-'));
  try {
    writeFileSync(join(dir, 'captcha_secret'), 'site-secret\n', { mode: 0o600 });
    const env = {
      CAPTCHA_PROVIDER: 'siteverify',
      CAPTCHA_VERIFY_URL: 'https://captcha.example/siteverify',
      SECRETS_DIR: dir,
    };
    t.like(loadConfig(env).accounts.captcha, { provider: 'siteverify', secret: 'site-secret' });
    t.throws(() => loadConfig({ ...env, NODE_ENV: 'production', CAPTCHA_SECRET: 'plain' }), {
      message: /captcha_secret is set as a plain environment variable/,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
