import type { MigrationContext } from '../migrator';

/**
 * Reviews of ended stays and departed flights (issue 18.1). One review per (user, booking) is a
 * unique constraint (SEC-IDEM-03): a second insert fails in the database even when two arrive
 * together. What a review is about is copied from the booking row (hotel id, or the flight's
 * origin and destination) so the public listings read one table. Title and text are plain text
 * (SEC-WEB-04, lib/text/plain-text.ts); the CHECKs refuse `<` and `>` as a last line. The
 * reviewer's name is never copied: listings read it from the encrypted profile (SEC-DATA-01).
 * Reports (one per user per review) and helpful votes (one per user per review) are their own rows.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE reviews (
      id uuid PRIMARY KEY,
      booking_id uuid NOT NULL REFERENCES bookings (id),
      user_id uuid NOT NULL REFERENCES users (id),
      kind text NOT NULL CHECK (kind IN ('hotel', 'flight')),
      hotel_id text CHECK (hotel_id ~ '^[A-Za-z0-9_-]{1,64}$'),
      origin text CHECK (origin ~ '^[A-Z]{3}$'),
      destination text CHECK (destination ~ '^[A-Z]{3}$'),
      overall smallint NOT NULL CHECK (overall BETWEEN 1 AND 5),
      cleanliness smallint CHECK (cleanliness BETWEEN 1 AND 5),
      location smallint CHECK (location BETWEEN 1 AND 5),
      service smallint CHECK (service BETWEEN 1 AND 5),
      value smallint CHECK (value BETWEEN 1 AND 5),
      title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 120 AND title !~ '[<>]'),
      body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000 AND body !~ '[<>]'),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'rejected')),
      moderated_by uuid REFERENCES users (id),
      moderation_reason text CHECK (moderation_reason ~ '^[a-z0-9_]{1,64}$'),
      moderated_at timestamptz,
      published_at timestamptz,
      helpful_count integer NOT NULL DEFAULT 0 CHECK (helpful_count >= 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT reviews_one_per_user_booking UNIQUE (user_id, booking_id),
      CONSTRAINT reviews_subject CHECK (
        (kind = 'hotel' AND hotel_id IS NOT NULL AND origin IS NULL AND destination IS NULL
          AND cleanliness IS NOT NULL AND location IS NOT NULL AND service IS NOT NULL AND value IS NOT NULL)
        OR (kind = 'flight' AND hotel_id IS NULL AND origin IS NOT NULL AND destination IS NOT NULL
          AND cleanliness IS NULL AND location IS NULL AND service IS NULL AND value IS NULL))
    );
    CREATE INDEX reviews_hotel_published ON reviews (hotel_id, published_at DESC) WHERE status = 'published';
    CREATE INDEX reviews_route_published ON reviews (origin, destination, published_at DESC)
      WHERE status = 'published';
    CREATE INDEX reviews_pending ON reviews (created_at) WHERE status = 'pending';
    CREATE INDEX reviews_user_created ON reviews (user_id, created_at);
    CREATE TABLE review_reports (
      id uuid PRIMARY KEY,
      review_id uuid NOT NULL REFERENCES reviews (id),
      reporter_id uuid NOT NULL REFERENCES users (id),
      reason text NOT NULL CHECK (reason IN ('spam', 'offensive', 'off_topic', 'personal_data', 'fake', 'other')),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT review_reports_one_per_user UNIQUE (review_id, reporter_id)
    );
    CREATE INDEX review_reports_open ON review_reports (review_id) WHERE status = 'open';
    CREATE TABLE review_helpful_votes (
      review_id uuid NOT NULL REFERENCES reviews (id),
      user_id uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (review_id, user_id)
    );
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query('DROP TABLE IF EXISTS review_helpful_votes, review_reports, reviews');
}
