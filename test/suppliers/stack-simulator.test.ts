import test from 'ava';
import { randomUUID } from 'node:crypto';
import { createSupplierAdapters } from '../../activities/suppliers';
import { loadConfig } from '../../lib/config';
import { newScope } from './helpers/sim';

/**
 * The simulator scripts/stack.sh runs, reached with the platform's own config: addresses from
 * the stack's environment, secrets from its secret files. Holds here use a fresh booking id and
 * are released, so parallel runs sharing the stack never see each other's state.
 */
test('SEC-SUP-01 the platform and the stack simulator share per-supplier secret files; its feed serves the full seeded inventory', async (t) => {
  const config = loadConfig();
  t.truthy(config.supplier.endpoints.hotel.secret, 'run through scripts/with-env.sh (SECRETS_DIR)');
  const { adapters, shutdown } = createSupplierAdapters(config, { headers: { 'x-sim-scope': newScope() } });
  t.teardown(shutdown);
  const hotels = await adapters.hotel.feedPage(null, 5);
  const flights = await adapters.flight.feedPage(null, 200);
  t.true(hotels.total >= 10_000);
  t.true(flights.total >= 50_000);
  t.is(hotels.rejected + flights.rejected, 0);

  const flight = flights.items.find(
    (f) => f.seatsLeft >= 5 && Date.parse(f.departureAt) > Date.now() + 86_400_000,
  );
  if (!flight) return t.fail('no flight with free seats on the first page');
  const booking = randomUUID();
  const hold = await adapters.flight.hold(booking, { flightId: flight.id, seats: 1 });
  t.is(hold.status, 'held');
  t.like(await adapters.flight.release(booking), { released: true, holdId: hold.holdId });
});
