import { dayIndex, type Catalogue } from './catalogue';
import { Faults, parseRule } from './faults';
import type { HoldBook } from './holds';
import type { IdempotencyTokens, SimAnswer } from './idempotency';
import type { RequestCounts } from './request-counts';

export interface ControlDeps {
  catalogue: Catalogue;
  holds: HoldBook;
  tokens: IdempotencyTokens;
  faults: Faults;
  counts: RequestCounts;
  restoreInventory(): void;
}

const bad = (message: string): SimAnswer => ({
  status: 400,
  body: { error_code: 'INVALID_REQUEST', message },
});

/** Sets the units of one flight, or of one room type over a range of nights. */
function setUnits(catalogue: Catalogue, body: Record<string, unknown>): SimAnswer {
  const units = body.units;
  if (!Number.isInteger(units) || (units as number) < 0 || (units as number) > 255)
    return bad('units is 0-255');
  if (body.supplier === 'flight') {
    const flight = catalogue.flightsById.get(String(body.flight_id));
    if (!flight) return bad('unknown flight');
    flight.seatsLeft = units as number;
    return { status: 200, body: { ok: true } };
  }
  const hotel = catalogue.hotelsById.get(String(body.hotel_id));
  const room = hotel?.rooms.find((r) => r.type === body.room_type);
  const from = dayIndex(catalogue, String(body.from));
  const to = dayIndex(catalogue, String(body.to));
  if (!room || from === -1 || to < from) return bad('needs hotel_id, room_type, from and to (inclusive)');
  room.available.fill(units as number, from, to + 1);
  return { status: 200, body: { ok: true } };
}

/** The test-only control API: faults, request counts, inventory, holds, reset. Loopback only. */
export function handleControl(
  method: string,
  path: string,
  query: URLSearchParams,
  body: Record<string, unknown>,
  deps: ControlDeps,
): SimAnswer {
  const { holds, faults } = deps;
  if (method === 'POST' && path === '/faults') {
    const rules = Array.isArray(body.rules) ? body.rules : [body];
    const parsed = rules.map(parseRule);
    const problem = parsed.find((r) => typeof r === 'string');
    if (problem) return bad(problem as string);
    for (const rule of parsed) faults.add(rule as Exclude<(typeof parsed)[number], string>);
    return { status: 200, body: { ok: true } };
  }
  if (method === 'DELETE' && path === '/faults') {
    faults.clear(query.get('scope') ?? undefined);
    return { status: 200, body: { ok: true } };
  }
  if (method === 'GET' && path === '/requests')
    return { status: 200, body: deps.counts.of(query.get('scope') ?? '') };
  if (method === 'POST' && path === '/units') return setUnits(deps.catalogue, body);
  if (method === 'GET' && (path === '/holds' || path.startsWith('/holds/'))) {
    const id = path.slice('/holds/'.length);
    const list = holds
      .list()
      .filter((h) => (path === '/holds' ? true : h.id === id))
      .filter((h) => !query.get('status') || h.status === query.get('status'))
      .filter((h) => !query.get('token') || h.token === query.get('token'))
      .slice(0, 10_000)
      .map((h) => ({
        ...holds.view(h),
        supplier: h.supplier,
        token: h.token,
        confirmations: h.confirmations,
      }));
    return { status: 200, body: { holds: list } };
  }
  if (method === 'GET' && path === '/catalogue') {
    const c = deps.catalogue;
    return {
      status: 200,
      body: { start_date: c.startDate, days: c.days, hotels: c.hotels.length, flights: c.flights.length },
    };
  }
  if (method === 'POST' && path === '/reset') {
    holds.clear();
    deps.tokens.clear();
    faults.clear();
    deps.counts.clear();
    deps.restoreInventory();
    return { status: 200, body: { ok: true } };
  }
  return { status: 404, body: { error_code: 'NOT_FOUND', message: 'no such control route' } };
}
