/**
 * SQL for "the moment a booking's trip ended", over `bookings b`: the end of its last day (UTC),
 * the hotel's check-out, else the flight's return, else its departure (services/bookings
 * booking-input.ts's details). A booking without a readable date never matches a cutoff.
 */
const LAST_DAY = `COALESCE(b.details->>'checkOut', b.details->>'returnDate', b.details->>'departureDate',
  b.details#>>'{item,checkOut}')`;

export const TRIP_ENDED_AT = `(CASE WHEN ${LAST_DAY} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
  THEN ((${LAST_DAY})::date + 1)::timestamp AT TIME ZONE 'UTC' END)`;
