import { randomUUID } from 'node:crypto';
import { plantedBooking } from '../../bookings/helpers/planted-booking';
import { paymentModels } from '../../../db/models/payment-models';
import type { Permission, Role } from '../../../lib/rbac';
import type { IdentityApp } from './identity-app';
import { createUser, newEmail, type TestUser } from './accounts-data';

/** An actor of one role, signed in with a bearer token, with spare sign-ins for second sessions. */
export interface RoleActor extends TestUser {
  token: string;
  /** Starts another session of this actor and returns its id (the access token's `sid`). */
  anotherSession(): Promise<string>;
}

export interface World {
  app: IdentityApp;
  /** The business roles' company. */
  companyA: string;
  /** Another tenant. */
  companyB: string;
  actors: Record<Role, RoleActor>;
  /** A user of no company, with a session of their own. */
  stranger: RoleActor;
}

export interface ObjectRequest {
  params: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * How to reach one object route as its owner and as another tenant. Permissions come from the
 * policy (lib/rbac permissionsOf), not from this table: `anyOf` names the permissions the service
 * accepts where the route itself only says 'authenticated'; a role holding `platformWide`
 * administers every tenant, so for it another tenant's object is reachable too.
 */
export interface ObjectFixture {
  anyOf?: readonly Permission[];
  platformWide?: Permission;
  own(actor: RoleActor, world: World): Promise<ObjectRequest>;
  other(actor: RoleActor, world: World): Promise<ObjectRequest>;
  /**
   * The object of a colleague in the actor's own company (company A for a role of none): a role
   * holding `companyWide` (or `platformWide`) reaches it, any other gets 404 like another tenant.
   */
  colleague?(actor: RoleActor, world: World): Promise<ObjectRequest>;
  companyWide?: Permission;
}

/** A step-up proof that is well-formed but wrong: reaching the step-up check proves the route was reached. */
const WRONG_STEP_UP = { recoveryCode: 'AAAA-AAAA-AAAA-AAAA' };
const companyOf = (actor: RoleActor, world: World) => actor.companyId ?? world.companyA;
const member = async (world: World, companyId: string) =>
  (await createUser(world.app.deps, { role: 'BUSINESS_USER', companyId })).id;
const plainUser = async (world: World) => (await createUser(world.app.deps)).id;
const COMPANY_ADMIN: readonly Permission[] = ['manage_users', 'manage_company_users'];

/** A booking row of `userId` (no workflow behind it: cancelling it answers 409, which is "reached"). */
async function bookingOf(world: World, userId: string, companyId: string | null): Promise<string> {
  return plantedBooking(world.app.sequelize, userId, companyId);
}

/** Another tenant's booking: a member of company B books. */
async function foreignBooking(world: World): Promise<string> {
  const booker = await createUser(world.app.deps, { role: 'BUSINESS_USER', companyId: world.companyB });
  return bookingOf(world, booker.id, world.companyB);
}

/** A booking of a BUSINESS_USER colleague in the actor's company. */
async function colleagueBooking(actor: RoleActor, world: World): Promise<string> {
  const company = companyOf(actor, world);
  return bookingOf(world, await member(world, company), company);
}

/** SEC-IDEM-01: every refund mutation carries a key, else the idempotency middleware answers 400 first. */
const keyed = () => ({ 'Idempotency-Key': randomUUID() });

/**
 * A refund request already denied, on another tenant's booking: deciding it again answers 409
 * REFUND_NOT_PENDING (reached) without a workflow behind it. Approvers are platform-wide.
 */
async function decidedRefund(world: World): Promise<string> {
  const booker = await createUser(world.app.deps, { role: 'BUSINESS_USER', companyId: world.companyB });
  const bookingId = await bookingOf(world, booker.id, world.companyB);
  const payment = await paymentModels(world.app.sequelize).Payment.create({
    booking_id: bookingId,
    user_id: booker.id,
    amount_minor: 10_000,
    currency: 'EUR',
    status: 'succeeded',
    stripe_payment_method_id: 'pm_matrix_fixture',
  });
  const id = randomUUID();
  await world.app.sequelize.query(
    `INSERT INTO refund_requests (id, booking_id, payment_id, requested_by, idempotency_key, workflow_id,
       amount_minor, currency, reason, four_eyes, status)
     VALUES ($1, $2, $3, $4, $5, $6, 100, 'EUR', 'goodwill', false, 'denied')`,
    {
      bind: [id, bookingId, payment.id, booker.id, randomUUID(), `refund-${bookingId}-${'0'.repeat(32)}`],
    },
  );
  return id;
}

/**
 * A booking of `userId` with a superseded cancellation quote: confirming it answers 409
 * QUOTE_SUPERSEDED (reached) without a workflow behind it.
 */
async function bookingWithQuote(world: World, userId: string, companyId: string | null) {
  const id = await bookingOf(world, userId, companyId);
  const quoteId = randomUUID();
  await world.app.sequelize.query(
    `INSERT INTO cancellation_quotes (id, booking_id, requested_by, phase, refund_minor, deduction_minor,
       currency, status, expires_at)
     VALUES ($1, $2, $3, 'free', 100, 0, 'EUR', 'superseded', now() + interval '1 hour')`,
    { bind: [quoteId, id, userId] },
  );
  return { id, quoteId };
}

const quoteBody = () => ({ headers: keyed() });

/** A valid review (the body is checked before the booking is looked up: an invalid one is 400, not 404). */
const reviewRequest = () => ({
  body: {
    overall: 4,
    categories: { cleanliness: 4, location: 4, service: 4, value: 4 },
    title: 'Matrix',
    text: 'Matrix fixture',
  },
  headers: keyed(),
});

/**
 * A review of another tenant's booking, planted with its status. A rejected one is decided:
 * moderating it again answers 409 REVIEW_NOT_PENDING (reached). A published one is everyone's to
 * report or vote helpful; a pending one is nobody's to see (404), whoever asks.
 */
async function plantedReview(world: World, status: 'pending' | 'published' | 'rejected'): Promise<string> {
  const booker = await createUser(world.app.deps, { role: 'BUSINESS_USER', companyId: world.companyB });
  const bookingId = await bookingOf(world, booker.id, world.companyB);
  const id = randomUUID();
  await world.app.sequelize.query(
    `INSERT INTO reviews (id, booking_id, user_id, kind, hotel_id, overall, cleanliness, location, service,
       value, title, body, status, published_at)
     VALUES ($1, $2, $3, 'hotel', 'H000001', 4, 4, 4, 4, 4, 'Matrix', 'Matrix fixture', $4,
       CASE WHEN $4 = 'published' THEN now() END)`,
    { bind: [id, bookingId, booker.id, status] },
  );
  return id;
}

/** Every object route of the API by `METHOD path`; a route missing here fails the matrix test. */
export const OBJECT_FIXTURES: Record<string, ObjectFixture> = {
  'GET /api/v1/companies/:id/users': {
    anyOf: COMPANY_ADMIN,
    platformWide: 'manage_users',
    own: async (a, w) => ({ params: { id: companyOf(a, w) } }),
    other: async (_a, w) => ({ params: { id: w.companyB } }),
  },
  'POST /api/v1/companies/:id/invitations': {
    anyOf: COMPANY_ADMIN,
    platformWide: 'manage_users',
    own: async (a, w) => ({ params: { id: companyOf(a, w) }, body: { email: newEmail('matrix') } }),
    other: async (_a, w) => ({ params: { id: w.companyB }, body: { email: newEmail('matrix') } }),
  },
  'DELETE /api/v1/companies/:id/users/:userId': {
    anyOf: COMPANY_ADMIN,
    platformWide: 'manage_users',
    own: async (a, w) => ({
      params: { id: companyOf(a, w), userId: await member(w, companyOf(a, w)) },
      body: WRONG_STEP_UP,
    }),
    other: async (_a, w) => ({
      params: { id: w.companyB, userId: await member(w, w.companyB) },
      body: WRONG_STEP_UP,
    }),
  },
  'PATCH /api/v1/admin/users/:id/role': {
    platformWide: 'manage_users',
    own: async (_a, w) => ({ params: { id: await plainUser(w) }, body: { role: 'USER', ...WRONG_STEP_UP } }),
    other: async (_a, w) => ({
      params: { id: await plainUser(w) },
      body: { role: 'USER', ...WRONG_STEP_UP },
    }),
  },
  'DELETE /api/v1/admin/users/:id/sessions': {
    platformWide: 'manage_sessions',
    own: async (_a, w) => ({ params: { id: await plainUser(w) } }),
    other: async (_a, w) => ({ params: { id: await plainUser(w) } }),
  },
  'GET /api/v1/bookings/:id': {
    platformWide: 'view_all_bookings',
    companyWide: 'view_company_bookings',
    own: async (a, w) => ({ params: { id: await bookingOf(w, a.id, a.companyId ?? null) } }),
    other: async (_a, w) => ({ params: { id: await foreignBooking(w) } }),
    colleague: async (a, w) => ({ params: { id: await colleagueBooking(a, w) } }),
  },
  'POST /api/v1/bookings/:id/cancel': {
    platformWide: 'view_all_bookings',
    // Seeing a colleague's booking is not cancelling it: no company-wide permission reaches it.
    own: async (a, w) => ({ params: { id: await bookingOf(w, a.id, a.companyId ?? null) } }),
    other: async (_a, w) => ({ params: { id: await foreignBooking(w) } }),
    colleague: async (a, w) => ({ params: { id: await colleagueBooking(a, w) } }),
  },
  'POST /api/v1/bookings/:id/cancellation-quotes': {
    platformWide: 'view_all_bookings',
    own: async (a, w) => ({ params: { id: await bookingOf(w, a.id, a.companyId ?? null) }, ...quoteBody() }),
    other: async (_a, w) => ({ params: { id: await foreignBooking(w) }, ...quoteBody() }),
    colleague: async (a, w) => ({ params: { id: await colleagueBooking(a, w) }, ...quoteBody() }),
  },
  'POST /api/v1/bookings/:id/cancellation-quotes/:quoteId/confirm': {
    platformWide: 'view_all_bookings',
    own: async (a, w) => ({ params: await bookingWithQuote(w, a.id, a.companyId ?? null), ...quoteBody() }),
    other: async (_a, w) => {
      const booker = await createUser(w.app.deps, { role: 'BUSINESS_USER', companyId: w.companyB });
      return { params: await bookingWithQuote(w, booker.id, w.companyB), ...quoteBody() };
    },
    colleague: async (a, w) => {
      const company = companyOf(a, w);
      return { params: await bookingWithQuote(w, await member(w, company), company), ...quoteBody() };
    },
  },
  // Issue 18.2: the booker's own only (support does not charge a customer's card).
  'POST /api/v1/bookings/:id/change-offers': {
    own: async (a, w) => ({
      params: { id: await bookingOf(w, a.id, a.companyId ?? null) },
      body: { hotel: { rooms: 2 } },
      ...quoteBody(),
    }),
    other: async (_a, w) => ({
      params: { id: await foreignBooking(w) },
      body: { hotel: { rooms: 2 } },
      ...quoteBody(),
    }),
    colleague: async (a, w) => ({
      params: { id: await colleagueBooking(a, w) },
      body: { hotel: { rooms: 2 } },
      ...quoteBody(),
    }),
  },
  'POST /api/v1/bookings/:id/change-offers/:offerId/confirm': {
    own: async (a, w) => ({
      params: { id: await bookingOf(w, a.id, a.companyId ?? null), offerId: randomUUID() },
      ...quoteBody(),
    }),
    other: async (_a, w) => ({
      params: { id: await foreignBooking(w), offerId: randomUUID() },
      ...quoteBody(),
    }),
    colleague: async (a, w) => ({
      params: { id: await colleagueBooking(a, w), offerId: randomUUID() },
      ...quoteBody(),
    }),
  },
  'POST /api/v1/bookings/:id/refunds': {
    // Support asks for any booking; a colleague's booking is not the actor's to refund.
    platformWide: 'approve_refunds',
    own: async (a, w) => ({
      params: { id: await bookingOf(w, a.id, a.companyId ?? null) },
      body: { amountMinor: 1, reason: 'goodwill' },
      headers: keyed(),
    }),
    other: async (_a, w) => ({
      params: { id: await foreignBooking(w) },
      body: { amountMinor: 1, reason: 'goodwill' },
      headers: keyed(),
    }),
    colleague: async (a, w) => ({
      params: { id: await colleagueBooking(a, w) },
      body: { amountMinor: 1, reason: 'goodwill' },
      headers: keyed(),
    }),
  },
  'POST /api/v1/refunds/:id/approve': {
    platformWide: 'approve_refunds',
    own: async (_a, w) => ({ params: { id: await decidedRefund(w) }, body: {}, headers: keyed() }),
    other: async (_a, w) => ({ params: { id: await decidedRefund(w) }, body: {}, headers: keyed() }),
  },
  'POST /api/v1/refunds/:id/deny': {
    platformWide: 'approve_refunds',
    own: async (_a, w) => ({
      params: { id: await decidedRefund(w) },
      body: { reason: 'matrix' },
      headers: keyed(),
    }),
    other: async (_a, w) => ({
      params: { id: await decidedRefund(w) },
      body: { reason: 'matrix' },
      headers: keyed(),
    }),
  },
  'POST /api/v1/bookings/:id/review': {
    // The booker only: not support, not a colleague's company admin. A FAILED booking answers
    // 409 BOOKING_NOT_REVIEWABLE to its booker (reached).
    own: async (a, w) => ({
      params: { id: await bookingOf(w, a.id, a.companyId ?? null) },
      ...reviewRequest(),
    }),
    other: async (_a, w) => ({ params: { id: await foreignBooking(w) }, ...reviewRequest() }),
    colleague: async (a, w) => ({ params: { id: await colleagueBooking(a, w) }, ...reviewRequest() }),
  },
  'POST /api/v1/reviews/:id/publish': {
    platformWide: 'moderate_reviews',
    own: async (_a, w) => ({ params: { id: await plantedReview(w, 'rejected') }, headers: keyed() }),
    other: async (_a, w) => ({ params: { id: await plantedReview(w, 'rejected') }, headers: keyed() }),
  },
  'POST /api/v1/reviews/:id/reject': {
    platformWide: 'moderate_reviews',
    own: async (_a, w) => ({
      params: { id: await plantedReview(w, 'rejected') },
      body: { reason: 'spam' },
      headers: keyed(),
    }),
    other: async (_a, w) => ({
      params: { id: await plantedReview(w, 'rejected') },
      body: { reason: 'spam' },
      headers: keyed(),
    }),
  },
  'POST /api/v1/reviews/:id/reports': {
    own: async (_a, w) => ({
      params: { id: await plantedReview(w, 'published') },
      body: { reason: 'spam' },
      headers: keyed(),
    }),
    other: async (_a, w) => ({
      params: { id: await plantedReview(w, 'pending') },
      body: { reason: 'spam' },
      headers: keyed(),
    }),
  },
  'PUT /api/v1/reviews/:id/helpful': {
    own: async (_a, w) => ({ params: { id: await plantedReview(w, 'published') } }),
    other: async (_a, w) => ({ params: { id: await plantedReview(w, 'pending') } }),
  },
  'DELETE /api/v1/users/me/sessions/:id': {
    own: async (a) => ({ params: { id: await a.anotherSession() } }),
    other: async (_a, w) => ({ params: { id: await w.stranger.anotherSession() } }),
  },
};
