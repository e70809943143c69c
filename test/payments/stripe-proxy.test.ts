import test from 'ava';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { loadConfig } from '../../lib/config';
import { IdempotencyStore } from '../../tools/stripe-proxy/idempotency-store';
import { createStripeProxy } from '../../tools/stripe-proxy/server';
import { localstripeUrl, proxyRequests } from './helpers/stripe-stack';

const config = loadConfig();
const dir = mkdtempSync(join(tmpdir(), 'stripe-proxy-'));
const logFile = join(dir, 'requests.jsonl');
let proxy: Server;
let base = '';

test.before(async () => {
  proxy = createStripeProxy({ upstream: localstripeUrl(), logFile });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
test.after.always(async () => {
  await new Promise<void>((done) => (proxy ? proxy.close(() => done()) : done()));
  rmSync(dir, { recursive: true, force: true });
});

function key(): string {
  return `test/${randomBytes(8).toString('hex')}`;
}

/** A Stripe mutation without card data: a customer with metadata. */
function createCustomer(idempotencyKey: string | undefined, marker: string) {
  return fetch(`${base}/v1/customers`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${config.stripe.secretKey}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
    },
    body: new URLSearchParams({ 'metadata[marker]': marker }),
  });
}

test('the same key and parameters get the first answer byte for byte, marked replayed; localstripe runs it once', async (t) => {
  const k = key();
  const first = await createCustomer(k, 'a');
  const firstBody = await first.text();
  const second = await createCustomer(k, 'a');
  t.is(second.status, first.status);
  t.is(await second.text(), firstBody);
  t.is(second.headers.get('idempotent-replayed'), 'true');
  t.is(first.headers.get('idempotent-replayed'), null);
  const logged = await proxyRequests({ idempotency_key: k }, base);
  t.deepEqual(
    logged.map((r) => r.outcome),
    ['forwarded', 'replayed'],
  );
  t.regex(logged[0]!.objectId ?? '', /^cus_/);
  t.is(logged[1]!.objectId, logged[0]!.objectId);
});

test('the same key with other parameters or on another path is refused with idempotency_error', async (t) => {
  const k = key();
  t.is((await createCustomer(k, 'a')).status, 200);
  const other = await createCustomer(k, 'b');
  t.is(other.status, 400);
  t.like(await other.json(), { error: { type: 'idempotency_error' } });
  const elsewhere = await fetch(`${base}/v1/payment_methods`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${config.stripe.secretKey}`, 'Idempotency-Key': k },
    body: new URLSearchParams({ 'metadata[marker]': 'a' }),
  });
  t.is(elsewhere.status, 400);
  t.deepEqual(
    (await proxyRequests({ idempotency_key: k }, base)).map((r) => r.outcome),
    ['forwarded', 'idempotency_mismatch', 'idempotency_mismatch'],
  );
});

test('concurrent requests with one key never both reach localstripe', async (t) => {
  const k = key();
  const answers = await Promise.all(Array.from({ length: 8 }, () => createCustomer(k, 'same')));
  const logged = await proxyRequests({ idempotency_key: k }, base);
  t.is(logged.length, 8);
  t.is(logged.filter((r) => r.outcome === 'forwarded').length, 1);
  for (const r of logged)
    t.true(['forwarded', 'replayed', 'idempotency_in_flight'].includes(r.outcome), r.outcome);
  for (const a of answers) t.true(a.status === 200 || a.status === 409, String(a.status));
  const ids = new Set(logged.filter((r) => r.status === 200).map((r) => r.objectId));
  t.is(ids.size, 1);
});

test('requests without a key are forwarded every time; keys are scoped per API key, as Stripe scopes them per account', async (t) => {
  const a = await (await createCustomer(undefined, 'x')).json();
  const b = await (await createCustomer(undefined, 'x')).json();
  t.not((a as { id: string }).id, (b as { id: string }).id);
  const k = key();
  await createCustomer(k, 'a');
  const otherAccount = await fetch(`${base}/v1/customers`, {
    method: 'POST',
    headers: { Authorization: 'Bearer sk_test_another_account', 'Idempotency-Key': k },
    body: new URLSearchParams({ 'metadata[marker]': 'b' }),
  });
  t.is(otherAccount.status, 200);
});

test('every request is one JSONL line without any body; the query endpoint refuses unknown filters', async (t) => {
  const k = key();
  // A '-' never occurs in ids, hashes or this test's keys: only the parameter could put it there.
  const marker = 'parameter-value-not-logged';
  await createCustomer(k, marker);
  const lines = readFileSync(logFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { idempotencyKey: string });
  t.truthy(lines.find((l) => l.idempotencyKey === k));
  t.false(readFileSync(logFile, 'utf8').includes(marker), 'no parameter value reaches the log');
  t.is((await fetch(`${base}/_proxy/requests?customer=x`)).status, 400);
  t.is((await fetch(`${base}/_proxy/healthz`)).status, 200);
});

test('a key whose first request never executed is free again; answered keys expire after their lifetime', (t) => {
  let now = 0;
  const store = new IdempotencyStore(1_000, () => now);
  t.is(store.admit('k', 'f1').kind, 'first');
  t.is(store.admit('k', 'f1').kind, 'in_flight');
  store.release('k');
  t.is(store.admit('k', 'f2').kind, 'first');
  store.complete('k', { status: 200, headers: {}, body: Buffer.from('{}') });
  t.is(store.admit('k', 'f2').kind, 'replay');
  t.is(store.admit('k', 'f1').kind, 'mismatch');
  now = 1_001;
  t.is(store.admit('k', 'f1').kind, 'first');
});

test('localstripe not answering is a 502 api_error, and nothing is stored for the key', async (t) => {
  const dead = createStripeProxy({ upstream: 'http://127.0.0.1:9', logFile, upstreamTimeoutMs: 2_000 });
  await new Promise<void>((done) => dead.listen(0, '127.0.0.1', done));
  t.teardown(() => new Promise<void>((done) => dead.close(() => done())));
  const url = `http://127.0.0.1:${(dead.address() as AddressInfo).port}/v1/customers`;
  const k = key();
  const send = () =>
    fetch(url, { method: 'POST', headers: { 'Idempotency-Key': k }, body: new URLSearchParams({ a: '1' }) });
  const first = await send();
  t.is(first.status, 502);
  t.like(await first.json(), { error: { type: 'api_error' } });
  const second = await send();
  t.is(second.status, 502, 'forwarded again: not refused as in flight');
  t.is(second.headers.get('idempotent-replayed'), null, 'and not a replay of the failure');
});
