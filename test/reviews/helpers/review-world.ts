import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { bookingModels } from '../../../db/models/booking-models';
import { addDays, isoDay } from '../../../lib/dates/calendar-days';
import type { AuditEvent } from '../../../lib/audit';
import type { Role } from '../../../lib/rbac';
import type { HttpAnswer } from '../../helpers/http-request';
import { createCompany, createUser, enrolMfa } from '../../accounts/helpers/accounts-data';
import type { IdentityApp } from '../../accounts/helpers/identity-app';

/** A user signed in through the real login route, with their bearer token. */
export interface Person {
  id: string;
  email: string;
  token: string;
}

export const goodHotelReview = (overrides: Record<string, unknown> = {}) => ({
  overall: 4,
  categories: { cleanliness: 5, location: 4, service: 4, value: 3 },
  title: 'Quiet room',
  text: 'Kind staff and a quiet room.',
  ...overrides,
});

const today = () => isoDay(new Date());

/**
 * The review tests' world on the real app (identityApp: real sessions, limits, idempotency, audit,
 * database). Bookings are planted as rows: the review rule reads the booking row only (status,
 * details, starts_at), and a CONFIRMED booking whose stay has ended cannot be made through the
 * saga without waiting for the stay.
 */
export function reviewWorld(app: IdentityApp) {
  async function signIn(role: Role = 'USER'): Promise<Person> {
    const companyId = role.startsWith('BUSINESS') ? await createCompany(app.deps, 'Review Co') : undefined;
    const user = await createUser(app.deps, { role, companyId });
    const mfa = role === 'PLATFORM_ADMIN' || role === 'BUSINESS_ADMIN';
    const extra = mfa ? { recoveryCode: (await enrolMfa(app.deps, user)).recoveryCodes[0] } : {};
    return { id: user.id, email: user.email, token: await app.bearerLogin(user.email, user.password, extra) };
  }

  /** A booking row of `userId`: a hotel stay whose check-out was `checkOutInDays` from today (negative: over). */
  async function hotelBooking(
    userId: string,
    options: { checkOutInDays?: number; hotelId?: string; status?: string } = {},
  ): Promise<string> {
    const checkOut = addDays(today(), options.checkOutInDays ?? -1);
    const checkIn = addDays(checkOut, -2);
    return plant(userId, options.status ?? 'CONFIRMED', 'hotel', {
      details: {
        hotelId: options.hotelId ?? 'H000001',
        roomType: 'double',
        checkIn,
        checkOut,
        rooms: 1,
        guests: 2,
      },
      startsAt: new Date(`${checkIn}T15:00:00Z`),
    });
  }

  /** A flight booking row of `userId` departing `departsInHours` from now (negative: departed). */
  async function flightBooking(
    userId: string,
    departsInHours: number,
    route = ['LIS', 'MAD'],
  ): Promise<string> {
    const departs = new Date(Date.now() + departsInHours * 3_600_000);
    return plant(userId, 'CONFIRMED', 'flight', {
      details: {
        flightId: 'F000001',
        origin: route[0],
        destination: route[1],
        departureDate: isoDay(departs),
        seats: 1,
      },
      startsAt: departs,
    });
  }

  async function plant(
    userId: string,
    status: string,
    kind: 'hotel' | 'flight',
    row: { details: Record<string, unknown>; startsAt: Date },
  ): Promise<string> {
    const key = randomUUID();
    const booking = await bookingModels(app.sequelize).Booking.create({
      user_id: userId,
      company_id: null,
      idempotency_key: key,
      workflow_id: `booking-${userId}-${key}`,
      status,
      kind,
      supplier: kind,
      amount_minor: 20_000,
      currency: 'EUR',
      details: row.details,
      starts_at: row.startsAt,
    });
    return booking.id;
  }

  const auth = (who: Person) => ({ Authorization: `Bearer ${who.token}` });

  function post(
    who: Person,
    path: string,
    body?: unknown,
    key: string | null = randomUUID(),
  ): Promise<HttpAnswer> {
    return app.send({
      method: 'POST',
      path,
      headers: {
        ...auth(who),
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
        ...(key && { 'Idempotency-Key': key }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  return {
    signIn,
    hotelBooking,
    flightBooking,
    post,
    review: (who: Person, bookingId: string, body: unknown = goodHotelReview(), key?: string | null) =>
      post(who, `/api/v1/bookings/${bookingId}/review`, body, key),
    publish: (who: Person, id: string) => post(who, `/api/v1/reviews/${id}/publish`),
    reject: (who: Person, id: string, reason = 'offensive') =>
      post(who, `/api/v1/reviews/${id}/reject`, { reason }),
    report: (who: Person, id: string, reason = 'spam') =>
      post(who, `/api/v1/reviews/${id}/reports`, { reason }),
    helpful: (who: Person, id: string) =>
      app.send({ method: 'PUT', path: `/api/v1/reviews/${id}/helpful`, headers: auth(who) }),
    get: (path: string, who?: Person) => app.send({ path, headers: who ? auth(who) : {} }),
    async auditOf(resourceId: string): Promise<AuditEvent[]> {
      const rows = await app.sequelize.query<{ canonical: string }>(
        'SELECT canonical FROM audit_events WHERE resource_id = $1 ORDER BY sequence',
        { type: QueryTypes.SELECT, bind: [resourceId] },
      );
      return rows.map((r) => JSON.parse(r.canonical) as AuditEvent);
    },
  };
}

export type ReviewWorld = ReturnType<typeof reviewWorld>;
