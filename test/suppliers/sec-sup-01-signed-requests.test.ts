import test from 'ava';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createSupplierAdapters, signRequest } from '../../activities/suppliers';
import { loadConfig } from '../../lib/config';
import { failsWith } from './helpers/failures';
import { newScope, startSimHarness, type SimHarness } from './helpers/sim';

let h: SimHarness;
test.before(async () => {
  h = await startSimHarness();
});
test.after.always(() => h?.close());

const FEED = '/hotel/v1/inventory?limit=1';

async function get(path: string, headers: Record<string, string>) {
  const response = await fetch(`${h.sim.url}${path}`, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test('SEC-SUP-01 supplier secrets come from per-supplier files, never plain variables', (t) => {
  const config = h.config({ SUPPLIER_HOTEL_SECRET: 'plain-variable', supplier_flight_secret: 'plain' });
  t.is(config.supplier.endpoints.hotel.secret, h.secrets.hotel);
  t.is(config.supplier.endpoints.flight.secret, h.secrets.flight);
  t.not(h.secrets.hotel, h.secrets.flight);
  const none = loadConfig({ SUPPLIER_HOTEL_SECRET: 'plain-variable' });
  t.is(none.supplier.endpoints.hotel.secret, undefined, 'a plain variable is never read');
  t.throws(
    () =>
      h.suppliers('x', { SECRETS_DIR: '', SUPPLIER_HOTEL_SECRET_FILE: '', SUPPLIER_FLIGHT_SECRET_FILE: '' }),
    { message: /supplier_hotel_secret is missing/ },
  );
});

test('SEC-SUP-01 the simulator refuses unsigned, tampered, stale and replayed requests', async (t) => {
  t.like(await get(FEED, {}), { status: 401, body: { error_code: 'SIGNATURE_INVALID', message: 'missing' } });
  const good = signRequest(h.secrets.hotel, { method: 'GET', path: FEED, body: '' });
  t.is((await get(FEED, good)).status, 200);
  t.like(await get(FEED, good), { status: 401, body: { message: 'replayed' } }, 'same nonce twice');

  const otherPath = signRequest(h.secrets.hotel, {
    method: 'GET',
    path: '/hotel/v1/inventory?limit=2',
    body: '',
  });
  t.like(
    await get(FEED, otherPath),
    { status: 401, body: { message: 'mismatch' } },
    'signature of another query',
  );
  const wrongKey = signRequest(h.secrets.flight, { method: 'GET', path: FEED, body: '' });
  t.like(
    await get(FEED, wrongKey),
    { status: 401, body: { message: 'mismatch' } },
    "the flight supplier's key",
  );
  const stale = signRequest(h.secrets.hotel, { method: 'GET', path: FEED, body: '' }, Date.now() - 600_000);
  t.like(await get(FEED, stale), { status: 401, body: { message: 'stale' } });
  const future = signRequest(h.secrets.hotel, { method: 'GET', path: FEED, body: '' }, Date.now() + 600_000);
  t.like(await get(FEED, future), { status: 401, body: { message: 'stale' } });
});

test('SEC-SUP-01 the body is signed: a changed body is refused before anything is held', async (t) => {
  const flight = h.sim.catalogue.flights.find((f) => f.seatsLeft > 2)!;
  const seatsBefore = flight.seatsLeft;
  const signedBody = JSON.stringify({
    idempotency_token: `tamper-${randomBytes(6).toString('hex')}`,
    item: { flight_id: flight.id, seats: 1 },
  });
  const headers = signRequest(h.secrets.flight, {
    method: 'POST',
    path: '/flight/v1/holds',
    body: signedBody,
  });
  const tampered = signedBody.replace('"seats":1', '"seats":2');
  const response = await fetch(`${h.sim.url}/flight/v1/holds`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: tampered,
  });
  t.is(response.status, 401);
  t.is(flight.seatsLeft, seatsBefore);

  // The scheme as documented: HMAC-SHA256 over v1, timestamp, nonce, method, path, body hash.
  const ts = headers['x-supplier-timestamp']!;
  const nonce = headers['x-supplier-nonce']!;
  const digest = createHash('sha256').update(signedBody).digest('hex');
  const expected = createHmac('sha256', h.secrets.flight)
    .update(['v1', ts, nonce, 'POST', '/flight/v1/holds', digest].join('\n'))
    .digest('hex');
  t.is(headers['x-supplier-signature'], `v1=${expected}`);
});

test('SEC-SUP-01 adapters sign with their own supplier secret; a wrong secret is a non-retryable failure', async (t) => {
  const scope = newScope();
  const good = h.suppliers(scope);
  const page = await good.adapters.flight.feedPage(null, 5);
  t.is(page.items.length, 5);
  t.is((await good.adapters.hotel.feedPage(null, 5)).items.length, 5);
  good.shutdown();

  // The hotel adapter signing with the flight supplier's secret is refused, and that is final.
  const swapped = h.config({ SUPPLIER_HOTEL_SECRET_FILE: `${h.secretsDir}/supplier_flight_secret` });
  const wrong = createSupplierAdapters(swapped, { headers: { 'x-sim-scope': scope } });
  await failsWith(t, wrong.adapters.hotel.feedPage(null, 5), 'SupplierAuthFailed', true);
  wrong.shutdown();
});
