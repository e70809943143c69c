import { randomUUID } from 'node:crypto';
import { QueryTypes, UniqueConstraintError } from 'sequelize';
import { auditingServiceDenials } from '../../lib/audit';
import { errors, NotVisibleError } from '../../lib/errors';
import { assertCan, type Actor } from '../../lib/rbac';
import type { ReviewOrigin, ReviewsDeps } from './deps';
import { auditReviewAct } from './review-audit';
import { assertReviewBody, type ReviewBody } from './review-input';
import { reviewSubject, type ReviewedBookingRow } from './review-subject';
import { reviewView, type ReviewRow, type ReviewView } from './review-view';

/** The one-per-(user, booking) constraint of migration 0730 (SEC-IDEM-03). */
const ONE_PER_BOOKING = 'reviews_one_per_user_booking';

function isSecondReview(err: unknown): boolean {
  if (!(err instanceof UniqueConstraintError)) return false;
  const constraint = (err.parent as { constraint?: string } | undefined)?.constraint;
  return constraint === ONE_PER_BOOKING;
}

/**
 * `POST /api/v1/bookings/:id/review`: the booker (`write_review`, their own booking only: anyone
 * else's, a colleague's included, is not found) reviews a CONFIRMED booking that is over. The
 * review waits for moderation (`pending`). A second review of the booking by the same user is
 * refused by the database's unique constraint, so two at once cannot both land (SEC-IDEM-03).
 * A refusal (403, or the 404 for someone else's booking) is audited (SEC-LOG-03).
 */
export function submitReview(
  deps: ReviewsDeps,
  actor: Actor,
  bookingId: string,
  body: ReviewBody,
  origin: ReviewOrigin,
): Promise<ReviewView> {
  const target = { action: 'reviews.submit', resource: { type: 'booking', id: bookingId } };
  return auditingServiceDenials(deps, actor, origin, target, async () => {
    assertCan(actor, 'write_review');
    const [booking] = await deps.sequelize.query<ReviewedBookingRow>(
      'SELECT id, user_id, status, kind, details, starts_at FROM bookings WHERE id = $1',
      { bind: [bookingId], type: QueryTypes.SELECT },
    );
    if (!booking) throw errors.notFound('Booking');
    if (booking.user_id !== actor.id) throw new NotVisibleError('Booking');
    const subject = reviewSubject(booking, (deps.now ?? (() => new Date()))());
    assertReviewBody(body, subject.kind);
    const c = body.categories;
    let rows: ReviewRow[];
    try {
      rows = await deps.sequelize.query<ReviewRow>(
        `INSERT INTO reviews AS r (id, booking_id, user_id, kind, hotel_id, origin, destination, overall,
           cleanliness, location, service, value, title, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         RETURNING r.*`,
        {
          bind: [
            randomUUID(),
            bookingId,
            actor.id,
            subject.kind,
            subject.kind === 'hotel' ? subject.hotelId : null,
            subject.kind === 'flight' ? subject.origin : null,
            subject.kind === 'flight' ? subject.destination : null,
            body.overall,
            c?.cleanliness ?? null,
            c?.location ?? null,
            c?.service ?? null,
            c?.value ?? null,
            body.title,
            body.text,
          ],
          type: QueryTypes.SELECT,
        },
      );
    } catch (err) {
      if (isSecondReview(err)) throw errors.conflict('REVIEW_EXISTS', 'This booking has your review already');
      throw err;
    }
    const row = rows[0]!;
    await auditReviewAct(deps, actor, origin, {
      type: 'review.submitted',
      outcome: 'success',
      resource: { type: 'review', id: row.id },
      details: { kind: subject.kind, bookingId },
    });
    return reviewView(row);
  });
}
