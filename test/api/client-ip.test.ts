import test from 'ava';
import { addressSet } from '../../api/net/address-set';
import { clientAddress } from '../../api/net/client-address';
import type { RouteDeclaration } from '../../api/routing/route';
import { startApiApp, type ApiApp, type ApiAppOptions } from '../helpers/api-app';

const whoami: RouteDeclaration = {
  method: 'GET',
  path: '/test/whoami',
  summary: 'test only: the client address the API decided on',
  permission: 'public',
  handler(ctx) {
    ctx.body = { ip: ctx.state.clientIp, koa_ip: ctx.ip };
  },
};

const apps: ApiApp[] = [];
async function appTrusting(trustedProxies: string[], extra: ApiAppOptions['api'] = {}): Promise<ApiApp> {
  const api = await startApiApp({ api: { trustedProxies, ...extra }, extraRoutes: [whoami] });
  apps.push(api);
  return api;
}
test.after.always(() => Promise.all(apps.map((api) => api.close())));

const ask = async (api: ApiApp, forwardedFor?: string, localAddress?: string) => {
  const answer = await api.send({
    path: '/test/whoami',
    headers: forwardedFor === undefined ? {} : { 'X-Forwarded-For': forwardedFor },
    localAddress,
  });
  return answer.json as { ip: string; koa_ip: string };
};

test('SEC-VAL-09 X-Forwarded-For from an untrusted peer is ignored', async (t) => {
  const api = await appTrusting(['10.0.0.0/8']);
  const seen = await ask(api, '203.0.113.9');
  t.is(seen.ip, '127.0.0.1');
  t.regex(seen.koa_ip, /127\.0\.0\.1$/, "Koa's own ctx.ip does not trust the header either");
  await new Promise((resolve) => setImmediate(resolve));
  const line = api.logs.records.find((r) => r.msg === 'request' && r.action === 'GET /test/whoami');
  t.is(line?.ip, '127.0.0.1', 'the log line carries the decided address');
});

test('SEC-VAL-09 X-Forwarded-For from a trusted proxy is honoured: its right-most untrusted address', async (t) => {
  const api = await appTrusting(['127.0.0.1', '10.0.0.0/8']);
  t.is((await ask(api)).ip, '127.0.0.1', 'no header: the peer');
  t.is((await ask(api, '203.0.113.9')).ip, '203.0.113.9');
  t.is((await ask(api, '203.0.113.9, 10.1.2.3')).ip, '203.0.113.9', 'trusted hops are skipped');
  t.is((await ask(api, '203.0.113.9,10.1.2.3 , 10.9.9.9')).ip, '203.0.113.9');
  t.is((await ask(api, '[2001:db8::7]:4711, 10.1.2.3')).ip, '2001:db8::7');
  t.is((await ask(api, '::ffff:198.51.100.4')).ip, '198.51.100.4');
});

test('SEC-VAL-09 spoofed left-most entries are ignored', async (t) => {
  const api = await appTrusting(['127.0.0.1']);
  t.is((await ask(api, '1.2.3.4, 203.0.113.9')).ip, '203.0.113.9');
  t.is((await ask(api, '127.0.0.1, 10.0.0.1, 203.0.113.9')).ip, '203.0.113.9');
  t.is((await ask(api, 'not-an-ip, 203.0.113.9')).ip, '203.0.113.9');
  t.is(
    (await ask(api, '203.0.113.9, <script>')).ip,
    '127.0.0.1',
    'garbage stops the walk at the last trusted hop',
  );
  t.is((await ask(api, '127.0.0.1')).ip, '127.0.0.1', 'all hops trusted: the furthest one');
});

test('SEC-VAL-09 CIDR ranges decide which peers are trusted', async (t) => {
  const api = await appTrusting(['127.0.0.0/30']);
  t.is((await ask(api, '203.0.113.9', '127.0.0.2')).ip, '203.0.113.9', '127.0.0.2 is inside /30');
  t.is((await ask(api, '203.0.113.9', '127.0.0.9')).ip, '127.0.0.9', '127.0.0.9 is outside /30');
});

test('SEC-VAL-09 an IPv4-mapped IPv6 peer matches its IPv4 entry', async (t) => {
  // Listening on '::' makes IPv4 peers appear as ::ffff:127.0.0.1.
  const api = await appTrusting(['127.0.0.1'], { host: '::' });
  const seen = await ask(api, '203.0.113.9');
  t.is(seen.ip, '203.0.113.9');
  t.is((await ask(api)).ip, '127.0.0.1', 'the mapped peer is reported as IPv4');
});

test('SEC-VAL-09 IPv6 addresses, ranges and mapped forms', (t) => {
  const trusted = addressSet(['2001:db8::/32', '::1', '192.0.2.0/24', '::ffff:198.51.100.0/120']);
  t.is(
    clientAddress('::1', '2001:db8:1::5, 2001:db8::6', trusted),
    '2001:db8:1::5',
    'all trusted: the furthest',
  );
  t.is(clientAddress('::1', '2a00:1450::1, 2001:db8::6', trusted), '2a00:1450::1');
  t.is(clientAddress('::ffff:192.0.2.10', '203.0.113.1', trusted), '203.0.113.1');
  t.is(clientAddress('::ffff:c000:20a', '203.0.113.1', trusted), '203.0.113.1', 'hex-form mapped address');
  t.is(clientAddress('198.51.100.3', '203.0.113.1', trusted), '203.0.113.1', 'mapped range matches IPv4');
  t.is(clientAddress('fe80::1%eth0', '203.0.113.1', trusted), 'fe80::1');
  t.is(clientAddress('2a00:1450::1', '203.0.113.1', trusted), '2a00:1450::1', 'untrusted IPv6 peer');
  t.is(clientAddress(undefined, '203.0.113.1', trusted), 'unknown');
  t.throws(() => addressSet(['10.0.0.0/33']));
  t.throws(() => addressSet(['not-an-ip']));
  t.throws(() => addressSet(['10.0.0.0/8/1']));
});
