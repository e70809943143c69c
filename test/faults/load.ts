import { randomInt } from 'node:crypto';
import type { Customer } from '../crash/customers';
import type { PlannedBooking } from '../crash/plan';
import { readAnswer, type Answer, type Kind } from './answers';

export interface LoginUser {
  email: string;
  password: string;
}

export interface LoadOptions {
  apiUrl: string;
  /** Requests a second, sent on a fixed schedule whatever the answers (open loop). */
  rate: number;
  /** The client's own limit: past it the request counts as hung. */
  clientTimeoutMs: number;
  customers: Customer[];
  bookings: PlannedBooking[];
  loginUsers: LoginUser[];
  /** A new session for a customer whose session is gone (Redis keeps nothing across a restart). */
  renewSession: (customer: Customer) => Promise<void>;
}

/** Out of every 40 requests; bookings are few (each is a saga on the shared 2 cores). */
const MIX: readonly [Kind, number][] = [
  ['search-anon', 16],
  ['search-user', 10],
  ['status', 9],
  ['login', 3],
  ['booking', 2],
];
const SCHEDULE: Kind[] = MIX.flatMap(([kind, n]) => Array<Kind>(n).fill(kind));

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
/** Many distinct searches, so most miss the 30 s search cache and reach OpenSearch. */
function hotelSearch(): string {
  const from = randomInt(20, 200);
  return `/api/v1/search/hotels?city=Lisbon&check_in=${day(from)}&check_out=${day(from + randomInt(1, 5))}&guests=${randomInt(1, 5)}`;
}

/**
 * The fault test's mixed load (issue 20.2): anonymous and signed-in searches, logins, bookings
 * (a client that keeps its Idempotency-Key and retries after Retry-After) and status reads, at a
 * fixed rate, every answer recorded with its latency.
 */
export class Load {
  readonly answers: Answer[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();
  private tick = 0;
  private nextBooking = 0;
  /** Bookings refused for now (503, 409, no answer) and when their client tries again. */
  private retries: { booking: PlannedBooking; at: number }[] = [];
  private renewing = new Set<Customer>();

  constructor(private readonly options: LoadOptions) {}

  start(): void {
    this.timer = setInterval(() => this.send(), 1000 / this.options.rate);
  }

  /** Stops sending and waits for the answers still out (each bounded by the client timeout). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.inFlight]);
  }

  /** Bookings whose client has not had its 202 yet. */
  get unaccepted(): PlannedBooking[] {
    return this.options.bookings.slice(0, this.nextBooking).filter((b) => !b.bookingId);
  }

  /** Keeps retrying the refused bookings (no new ones) until each has its 202 or `deadline`. */
  async finishBookings(deadline: number): Promise<void> {
    while (this.unaccepted.length > 0 && Date.now() < deadline) {
      const due = this.retries.filter((r) => r.at <= Date.now());
      this.retries = this.retries.filter((r) => r.at > Date.now());
      await Promise.all(due.map((r) => this.book(r.booking)));
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  private send(): void {
    const kind = SCHEDULE[this.tick++ % SCHEDULE.length]!;
    const work = this.request(kind);
    if (!work) return;
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private request(kind: Kind): Promise<void> | undefined {
    const { customers, loginUsers } = this.options;
    const customer = customers[randomInt(customers.length)]!;
    switch (kind) {
      case 'search-anon':
        return this.call(kind, 'GET', hotelSearch()).then(() => undefined);
      case 'search-user':
        return this.signedIn(customer, kind, 'GET', hotelSearch());
      case 'login': {
        const user = loginUsers[randomInt(loginUsers.length)]!;
        return this.call(kind, 'POST', '/api/v1/auth/login', { body: user }).then(() => undefined);
      }
      case 'status': {
        const accepted = this.options.bookings.filter((b) => b.bookingId);
        if (accepted.length === 0)
          return this.call('search-anon', 'GET', hotelSearch()).then(() => undefined);
        const b = accepted[randomInt(accepted.length)]!;
        return this.signedIn(b.customer, kind, 'GET', `/api/v1/bookings/${b.bookingId}`);
      }
      case 'booking': {
        const due = this.retries.findIndex((r) => r.at <= Date.now());
        if (due >= 0) return this.book(this.retries.splice(due, 1)[0]!.booking);
        const next = this.options.bookings[this.nextBooking];
        if (!next) return undefined;
        this.nextBooking += 1;
        return this.book(next);
      }
    }
  }

  private async book(b: PlannedBooking): Promise<void> {
    b.attempts = (b.attempts ?? 0) + 1;
    const answer = await this.call('booking', 'POST', '/api/v1/bookings', {
      body: b.body,
      token: b.customer.accessToken,
      key: b.idempotencyKey,
    });
    const id = (answer as { bookingId?: string }).bookingId;
    if (answer.status === 202 && id) {
      b.bookingId = id;
      return;
    }
    if (answer.status === 401) void this.renew(b.customer);
    const waitSeconds = Number(answer.retryAfter ?? '1');
    this.retries.push({ booking: b, at: Date.now() + Math.max(1, Math.min(waitSeconds, 10)) * 1000 });
  }

  /** After Redis lost every session: each customer signs in again (not counted as load). */
  async renewAllSessions(): Promise<void> {
    for (const customer of this.options.customers) await this.renew(customer);
  }

  private async signedIn(customer: Customer, kind: Kind, method: string, path: string): Promise<void> {
    const answer = await this.call(kind, method, path, { token: customer.accessToken });
    if (answer.status === 401) void this.renew(customer);
  }

  private async renew(customer: Customer): Promise<void> {
    if (this.renewing.has(customer)) return;
    this.renewing.add(customer);
    try {
      await this.options.renewSession(customer);
    } catch {
      // Redis not back yet: the next 401 tries again
    } finally {
      this.renewing.delete(customer);
    }
  }

  private async call(
    kind: Kind,
    method: string,
    path: string,
    extra: { body?: unknown; token?: string; key?: string } = {},
  ): Promise<Answer> {
    const sentAt = Date.now();
    let answer: Answer;
    try {
      const res = await fetch(`${this.options.apiUrl}${path}`, {
        method,
        headers: {
          'X-Session-Mode': 'bearer',
          ...(extra.token && { Authorization: `Bearer ${extra.token}` }),
          ...(extra.key && { 'Idempotency-Key': extra.key }),
          ...(extra.body !== undefined && { 'Content-Type': 'application/json' }),
        },
        body: extra.body === undefined ? undefined : JSON.stringify(extra.body),
        signal: AbortSignal.timeout(this.options.clientTimeoutMs),
      });
      answer = await readAnswer(kind, sentAt, res);
    } catch (err) {
      const cause =
        err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
      const failure =
        (err instanceof Error ? `${err.name}: ${err.message}` : String(err)) +
        (cause ? ` (${cause.code ?? ''} ${cause.message ?? ''})` : '');
      answer = { kind, sentAt, ms: Date.now() - sentAt, status: 0, errorBody: false, failure };
    }
    this.answers.push(answer);
    return answer;
  }
}
