import test, { type ExecutionContext } from 'ava';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRateLimit } from '../../api/middleware/rate-limit';
import { composeBookings } from '../../api/routes/bookings/compose-bookings';
import { attachKeyring } from '../../db/encrypted';
import { bookingModels } from '../../db/models/booking-models';
import { identityModels } from '../../db/models/identity';
import { createAuditWriter } from '../../lib/audit';
import { createSequelize } from '../../lib/clients/database';
import { createTemporalClient, type SealedTemporalClient } from '../../lib/clients/temporal';
import { keyringFromConfig } from '../../lib/crypto';
import { AppError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { createRateLimiter } from '../../lib/rate-limit';
import type { Actor, Role } from '../../lib/rbac';
import { taskQueues } from '../../lib/temporal/task-queues';
import {
  cancelBooking,
  confirmCancellationQuote,
  createBooking,
  getBooking,
  listBookings,
  quoteCancellation,
  type BookingsDeps,
  type CreateBookingBody,
} from '../../services/bookings';
import { confirmBookingChange, offerBookingChange } from '../../services/bookings/change-booking';
import { freshDatabase, type TestDatabase } from '../helpers/databases';
import { deleteByPrefix, readyRedis, uniquePrefix } from '../helpers/redis-keys';

/**
 * SEC-AUTHZ-02 "services check the actor's permission themselves": each booking service is called
 * directly, with no route in front, by an actor whose role lacks the permission (403
 * ACCESS_DENIED, no booking written or changed) and by one that holds it (the call gets past the
 * check). The deps are the API's own composition, on a private database and task queues no
 * worker polls (a saga started by mistake runs nowhere and is terminated).
 */
let db: TestDatabase;
let deps: BookingsDeps;
let temporal: SealedTemporalClient;
let closeAll: () => Promise<void>;
const ORIGIN = { ip: '203.0.113.72' };

test.before(async () => {
  db = await freshDatabase();
  const config = db.config;
  const sequelize = createSequelize(config, 'app');
  const keyring = keyringFromConfig(config, sequelize);
  attachKeyring(sequelize, keyring);
  const redis = await readyRedis(config.redis.url);
  const prefix = uniquePrefix('authz02-bookings');
  const logger = createLogger({ serviceName: 'travelhub-test', log: { level: 'fatal' } });
  temporal = await createTemporalClient(config, { keyring });
  const limiter = createRateLimiter({ redis, policies: config.rateLimits, keyPrefix: `${prefix}rl:` });
  const composed = composeBookings(
    config,
    { sequelize, redis, temporal },
    { keyring, audit: createAuditWriter(sequelize), logger, rateLimit: createRateLimit({ limiter, logger }) },
  );
  deps = { ...composed.api.bookings, queues: taskQueues(`authz${randomBytes(5).toString('hex')}`) };
  closeAll = async () => {
    await temporal.connection.close();
    await deleteByPrefix(redis, prefix);
    redis.disconnect();
    await sequelize.close();
  };
});
test.after.always(async () => {
  await closeAll?.();
  await db?.drop();
});

async function user(role: Role, options: { companyId?: string; verified?: boolean } = {}): Promise<Actor> {
  const { User, Company } = identityModels(deps.models.Booking.sequelize!);
  const companyId =
    options.companyId ??
    (role.startsWith('BUSINESS') ? (await Company.create({ name: 'Acme Travel' })).id : undefined);
  const row = await User.create({
    role,
    company_id: companyId ?? null,
    email: `authz02.${randomUUID()}@example.test`,
    email_verified_at: options.verified === false ? null : new Date(),
  });
  return { id: row.id, role, companyId, sessionId: randomUUID() };
}

/** A booking row of `booker` with a workflow id that names no workflow. */
async function bookingOf(booker: Actor): Promise<string> {
  const key = randomUUID();
  const row = await bookingModels(deps.models.Booking.sequelize!).Booking.create({
    user_id: booker.id,
    company_id: booker.companyId ?? null,
    idempotency_key: key,
    workflow_id: `booking-${booker.id}-${key}`,
    status: 'AWAITING_PAYMENT',
    kind: 'flight',
    supplier: 'flight',
    amount_minor: 10_000,
    currency: 'EUR',
    details: {},
  });
  return row.id;
}

/** `allowed`, or the AppError's status and code. */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'allowed';
  } catch (err) {
    if (err instanceof AppError) return `${err.status} ${err.code}`;
    throw err;
  }
}

/** Every booking row as (id, user, status): what a booking action could write or change. */
async function bookingRows(): Promise<string[]> {
  const rows = await deps.models.Booking.findAll({
    attributes: ['id', 'user_id', 'status'],
    order: [['id', 'ASC']],
  });
  return rows.map((b) => `${b.id}:${b.user_id}:${b.status}`);
}

async function refusedUnwritten(t: ExecutionContext, label: string, run: () => Promise<unknown>) {
  const before = await bookingRows();
  t.is(await outcome(run), '403 ACCESS_DENIED', label);
  t.deepEqual(await bookingRows(), before, `${label}: no booking written or changed`);
}

/** An actor of no known role: holds no permission at all (every real role may cancel). */
const roleless = (a: Actor): Actor => ({ ...a, role: 'SUPPORT_BOT' as Role });

test.serial('SEC-AUTHZ-02 getBooking: a role without view_own_bookings reads no booking', async (t) => {
  const booker = await user('USER');
  const id = await bookingOf(booker);
  await refusedUnwritten(t, 'PLATFORM_ADMIN', async () =>
    getBooking(deps, await user('PLATFORM_ADMIN'), id, ORIGIN),
  );
  await refusedUnwritten(t, 'the booker under an unknown role', () =>
    getBooking(deps, roleless(booker), id, ORIGIN),
  );
  t.is((await getBooking(deps, booker, id, ORIGIN)).id, id, 'the holder gets past the check');
});

test.serial(
  'SEC-AUTHZ-02 listBookings: own list needs view_own_bookings, the company list view_company_bookings',
  async (t) => {
    const member = await user('BUSINESS_USER');
    const colleague = await user('BUSINESS_USER', { companyId: member.companyId });
    const colleagues = await bookingOf(colleague);
    const page = { limit: 10 };
    await refusedUnwritten(t, 'PLATFORM_ADMIN, own list', async () =>
      listBookings(deps, await user('PLATFORM_ADMIN'), page, ORIGIN),
    );
    await refusedUnwritten(t, 'BUSINESS_USER, company list', () =>
      listBookings(deps, member, { ...page, scope: 'company' }, ORIGIN),
    );
    const admin = await user('BUSINESS_ADMIN', { companyId: member.companyId });
    const { bookings } = await listBookings(deps, admin, { ...page, scope: 'company' }, ORIGIN);
    t.deepEqual(
      bookings.map((b) => b.id),
      [colleagues],
      'the holder gets past the check',
    );
  },
);

test.serial('SEC-AUTHZ-02 cancelBooking: an actor without cancel_booking cancels nothing', async (t) => {
  const booker = await user('USER');
  const id = await bookingOf(booker);
  await refusedUnwritten(t, 'the booker under an unknown role', () =>
    cancelBooking(deps, roleless(booker), id, ORIGIN),
  );
  // Past the check the workflow is asked, and there is none: 409, not 403.
  t.is(await outcome(() => cancelBooking(deps, booker, id, ORIGIN)), '409 BOOKING_NOT_CANCELLABLE');
});

test.serial(
  'SEC-AUTHZ-02 cancellation quotes and booking changes: an actor without cancel_booking or book quotes, confirms or changes nothing',
  async (t) => {
    const booker = await user('USER');
    const id = await bookingOf(booker);
    const calls: [string, (actor: Actor) => Promise<unknown>][] = [
      ['quoteCancellation', (actor) => quoteCancellation(deps, actor, id, ORIGIN)],
      [
        'confirmCancellationQuote',
        (actor) => confirmCancellationQuote(deps, actor, id, randomUUID(), ORIGIN),
      ],
      ['offerBookingChange', (actor) => offerBookingChange(deps, actor, id, {} as never, ORIGIN)],
      ['confirmBookingChange', (actor) => confirmBookingChange(deps, actor, id, randomUUID(), ORIGIN)],
    ];
    for (const [name, call] of calls) {
      await refusedUnwritten(t, `${name}: the booker under an unknown role`, () => call(roleless(booker)));
    }
    // Past the check each finds the booking and its own rule answers (not confirmed, no such quote).
    const past: [string, string][] = [];
    for (const [name, call] of calls) past.push([name, await outcome(() => call(booker))]);
    t.deepEqual(past, [
      ['quoteCancellation', '409 BOOKING_NOT_CANCELLABLE'],
      ['confirmCancellationQuote', '404 NOT_FOUND'],
      ['offerBookingChange', '409 BOOKING_NOT_CHANGEABLE'],
      ['confirmBookingChange', '409 BOOKING_NOT_CHANGEABLE'],
    ]);
  },
);

const flightBody = (): CreateBookingBody => ({
  kind: 'flight',
  flight: {
    flightId: 'FL-AUTHZ-02',
    origin: 'LHR',
    destination: 'CDG',
    departureDate: '2099-06-01',
    seats: 1,
  },
  passengers: [
    { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-12-10', passportNumber: 'X1234567' },
  ],
  amount: '100.00',
  currency: 'EUR',
  paymentMethodId: 'pm_card_visa',
});

test.serial(
  'SEC-AUTHZ-02 createBooking: a verified PLATFORM_ADMIN (no book permission) books nothing',
  async (t) => {
    const admin = await user('PLATFORM_ADMIN');
    t.teardown(async () => {
      // Only when the check failed: end the saga it started, on a queue no worker polls.
      for (const b of await deps.models.Booking.findAll({ where: { user_id: admin.id } })) {
        await temporal.workflow
          .getHandle(b.workflow_id)
          .terminate('test cleanup')
          .catch(() => undefined);
      }
    });
    await refusedUnwritten(t, 'PLATFORM_ADMIN', () =>
      createBooking(deps, admin, flightBody(), randomUUID(), ORIGIN),
    );
    // A customer gets past the permission check to the next gate: the unverified email.
    const unverified = await user('USER', { verified: false });
    t.is(
      await outcome(() => createBooking(deps, unverified, flightBody(), randomUUID(), ORIGIN)),
      '403 EMAIL_NOT_VERIFIED',
    );
  },
);
