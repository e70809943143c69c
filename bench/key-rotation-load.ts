/**
 * The read load of bench/key-rotation.ts, in its own process so the re-encryption's CPU in the
 * bench's process does not delay the clock that times the answers. Closed loops against the API
 * process: SEARCH_LOOPS of `GET /api/v1/search/hotels` (half one cached query, half a random
 * uncached one, as bench/search draws them) and BOOKING_LOOPS of `GET /api/v1/bookings/:id`
 * (a random planted booking with its owner's Bearer token). Driven over IPC:
 *   ← { take: true }  → { search: number[], booking: number[], failed: Record<string, number> }
 *     (latencies in ms since the last take; the loops run until `{ stop: true }`)
 * Environment: BENCH_API_URL, BENCH_READS (JSON: [{ token, bookingId }]), BENCH_CITIES (JSON).
 */
import { randomInt } from 'node:crypto';

const url = process.env.BENCH_API_URL!;
const reads = JSON.parse(process.env.BENCH_READS!) as { token: string; bookingId: string }[];
const cities = JSON.parse(process.env.BENCH_CITIES!) as string[];
const SEARCH_LOOPS = Number(process.env.BENCH_SEARCH_LOOPS ?? 2);
const BOOKING_LOOPS = Number(process.env.BENCH_BOOKING_LOOPS ?? 2);

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const CACHED = `/api/v1/search/hotels?city=Lisbon&check_in=${day(7)}&check_out=${day(10)}&guests=2`;
const ip = () => `10.${randomInt(256)}.${randomInt(256)}.${1 + randomInt(254)}`;

function searchPath(): string {
  if (Math.random() < 0.5) return CACHED;
  const start = randomInt(1, 41);
  const params = new URLSearchParams({
    city: cities[randomInt(cities.length)]!,
    check_in: day(start),
    check_out: day(start + randomInt(1, 6)),
    guests: String(randomInt(1, 4)),
    price_interval: String(randomInt(1000, 1_000_000)),
  });
  if (Math.random() < 0.3) params.set('stars', '4,5');
  return `/api/v1/search/hotels?${params.toString()}`;
}

let taken = { search: [] as number[], booking: [] as number[], failed: {} as Record<string, number> };
let running = true;

async function timed(kind: 'search' | 'booking', path: string, headers: Record<string, string>) {
  const start = process.hrtime.bigint();
  const res = await fetch(`${url}${path}`, { headers: { 'x-forwarded-for': ip(), ...headers } });
  await res.arrayBuffer();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status === 200) taken[kind].push(ms);
  else taken.failed[`${kind} ${res.status}`] = (taken.failed[`${kind} ${res.status}`] ?? 0) + 1;
}

async function loop(next: () => Promise<void>) {
  while (running) {
    try {
      await next();
    } catch (err) {
      taken.failed[String(err)] = (taken.failed[String(err)] ?? 0) + 1;
    }
  }
}

const loops = [
  ...Array.from({ length: SEARCH_LOOPS }, () => loop(() => timed('search', searchPath(), {}))),
  ...Array.from({ length: BOOKING_LOOPS }, () =>
    loop(() => {
      const read = reads[randomInt(reads.length)]!;
      return timed('booking', `/api/v1/bookings/${read.bookingId}`, {
        authorization: `Bearer ${read.token}`,
      });
    }),
  ),
];

process.on('message', (message: { take?: boolean; stop?: boolean }) => {
  if (message.take) {
    process.send!(taken);
    taken = { search: [], booking: [], failed: {} };
  }
  if (message.stop) {
    running = false;
    void Promise.all(loops).then(() => process.exit(0));
  }
});
process.send!({ ready: true });
