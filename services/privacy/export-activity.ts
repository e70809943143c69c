import { QueryTypes, type Sequelize } from 'sequelize';
import { parseAuditRecord, type AuditEvent } from '../../lib/audit';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

type Row = Record<string, unknown>;

const REVIEWS = `
  SELECT id, booking_id, kind, hotel_id, origin, destination, overall, cleanliness, location, service,
    value, title, body, status, moderation_reason, moderated_at, published_at, helpful_count, created_at
  FROM reviews WHERE user_id = $1 ORDER BY created_at, id`;
const REVIEW_REPORTS = `
  SELECT review_id, reason, status, created_at FROM review_reports WHERE reporter_id = $1
  ORDER BY created_at, id`;
const HELPFUL_VOTES = 'SELECT review_id FROM review_helpful_votes WHERE user_id = $1 ORDER BY review_id';
const PAYMENT_BLOCKS = `
  SELECT declines, blocked_at, blocked_until FROM payment_blocks WHERE user_id = $1
  ORDER BY blocked_at, id`;

/**
 * What the user wrote or caused outside their bookings: reviews (with the moderation outcome, not
 * the moderator), the reports and helpful votes they gave, and card-testing blocks on their
 * payments (SEC-PAY-06).
 */
export async function exportActivity(sequelize: Sequelize, userId: string) {
  const read = (sql: string) => sequelize.query<Row>(sql, { bind: [userId], type: QueryTypes.SELECT });
  const [reviews, reports, votes, blocks] = await Promise.all([
    read(REVIEWS),
    read(REVIEW_REPORTS),
    read(HELPFUL_VOTES),
    read(PAYMENT_BLOCKS),
  ]);
  return {
    reviews: reviews.map((r) => ({
      id: r.id as string,
      bookingId: r.booking_id as string,
      kind: r.kind as string,
      hotelId: r.hotel_id as string | null,
      origin: r.origin as string | null,
      destination: r.destination as string | null,
      ratings: {
        overall: r.overall as number,
        cleanliness: r.cleanliness as number | null,
        location: r.location as number | null,
        service: r.service as number | null,
        value: r.value as number | null,
      },
      title: r.title as string,
      text: r.body as string,
      status: r.status as string,
      moderationReason: r.moderation_reason as string | null,
      moderatedAt: iso(r.moderated_at as Date | null),
      publishedAt: iso(r.published_at as Date | null),
      helpfulCount: r.helpful_count as number,
      createdAt: iso(r.created_at as Date),
    })),
    reviewReports: reports.map((r) => ({
      reviewId: r.review_id as string,
      reason: r.reason as string,
      status: r.status as string,
      createdAt: iso(r.created_at as Date),
    })),
    helpfulVotes: votes.map((v) => ({ reviewId: v.review_id as string })),
    paymentBlocks: blocks.map((b) => ({
      declines: b.declines as number,
      blockedAt: iso(b.blocked_at as Date),
      blockedUntil: iso(b.blocked_until as Date),
    })),
  };
}

const AUDIT_PAGE = `
  SELECT sequence, canonical FROM audit_events
  WHERE sequence > $2 AND (actor_id = $1 OR (resource_type = 'user' AND resource_id = $1))
  ORDER BY sequence LIMIT $3`;

/**
 * One audit event as its subject sees it. Another person's act on them (an administrator ending
 * their sessions) says who by role only: the other person's id, address and browser are theirs.
 */
function asSubject(event: AuditEvent, userId: string) {
  const own = event.actor.id === userId;
  const { userAgent: _ua, ...details } = event.details;
  return {
    id: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt,
    outcome: event.outcome,
    actor: own ? { type: event.actor.type, id: event.actor.id } : { type: event.actor.type },
    originIp: own ? event.originIp : null,
    resource: event.resource,
    details: own ? event.details : details,
  };
}

/** The audit events the user did or that were about their account, oldest first, a page at a time. */
export async function* exportAuditEvents(sequelize: Sequelize, userId: string, pageSize: number) {
  let after = 0;
  for (;;) {
    const page = await sequelize.query<{ sequence: string; canonical: string }>(AUDIT_PAGE, {
      bind: [userId, after, pageSize],
      type: QueryTypes.SELECT,
    });
    for (const row of page) yield asSubject(parseAuditRecord(row.canonical), userId);
    if (page.length < pageSize) return;
    after = Number(page[page.length - 1]!.sequence);
  }
}
