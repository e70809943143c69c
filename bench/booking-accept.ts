import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CreateBookingBody } from '../services/bookings';

export interface AcceptRun {
  /** Per request: answer time minus its scheduled send time (no coordinated omission). */
  latenciesMs: number[];
  statuses: Record<string, number>;
  /** How far behind its schedule the generator itself fell at worst (its own lateness). */
  maxSendLagMs: number;
  seconds: number;
  /** From the first request's due time to the last one's send: the rate actually offered. */
  sendSeconds: number;
  bookingIds: string[];
}

/** An address of the benchmarking range 198.18.0.0/15 per request: per-IP limits never bite. */
const clientIp = () =>
  `198.${18 + Math.floor(Math.random() * 2)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;

function post(
  url: URL,
  agent: Agent,
  token: string,
  body: CreateBookingBody,
): Promise<{ status: number; text: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        timeout: 30_000,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
          Authorization: `Bearer ${token}`,
          'Idempotency-Key': randomUUID(),
          'X-Forwarded-For': clientIp(),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', () => resolve({ status: 0, text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, text: '' }));
    req.end(payload);
  });
}

/**
 * Open loop: request i is due at start + i / rate whatever happened to the earlier ones, and its
 * latency is measured from when it was due, so a stalled API shows in the figures instead of
 * slowing the generator down (the coordinated omission of closed-loop tools such as wrk).
 * Customers' tokens are used in turn; each request sends its own body, to `path` (the booking
 * route by default).
 */
export async function acceptRun(
  baseUrl: string,
  tokens: string[],
  bodies: CreateBookingBody[],
  rate: number,
  path = '/api/v1/bookings',
): Promise<AcceptRun> {
  const url = new URL(path, baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const run: AcceptRun = {
    latenciesMs: [],
    statuses: {},
    maxSendLagMs: 0,
    seconds: 0,
    sendSeconds: 0,
    bookingIds: [],
  };
  const pending: Promise<void>[] = [];
  const interval = 1000 / rate;
  const t0 = performance.now() + 100;
  for (let i = 0; i < bodies.length; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    run.maxSendLagMs = Math.max(run.maxSendLagMs, performance.now() - due);
    pending.push(
      post(url, agent, tokens[i % tokens.length]!, bodies[i]!).then(({ status, text }) => {
        run.latenciesMs.push(performance.now() - due);
        run.statuses[status] = (run.statuses[status] ?? 0) + 1;
        const id = status === 202 ? (JSON.parse(text) as { id?: unknown }).id : undefined;
        if (typeof id === 'string') run.bookingIds.push(id);
      }),
    );
  }
  run.sendSeconds = (performance.now() - t0) / 1000 + 1 / rate;
  await Promise.all(pending);
  run.seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return run;
}
