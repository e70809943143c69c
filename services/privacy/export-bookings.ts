import { QueryTypes, type Sequelize } from 'sequelize';
import { bookingModels } from '../../db/models/booking-models';
import { bookingExtras } from './export-booking-extras';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

// Keyset pages in (created, id) order. The cursor's time stays text: Postgres keeps microseconds
// that a JavaScript Date would drop, and a rounded cursor would return its own row again.
const PAGE = `
  SELECT id, created_at::text AS created FROM bookings
  WHERE user_id = $1 AND (created_at, id) > ($2::timestamptz, $3::uuid)
  ORDER BY created_at, id LIMIT $4`;
const START = { created: '-infinity', id: '00000000-0000-0000-0000-000000000000' };

/**
 * The user's bookings, oldest first, a page at a time, each with its passengers (decrypted for
 * the owner, passports in full: docs/privacy-export.md says why) and everything attached to it
 * (export-booking-extras.ts). Never the internal keys: idempotency key, workflow id, supplier hold.
 */
export async function* exportBookings(sequelize: Sequelize, userId: string, pageSize: number) {
  const { Booking, BookingPassenger } = bookingModels(sequelize);
  let cursor = START;
  for (;;) {
    const keys = await sequelize.query<{ id: string; created: string }>(PAGE, {
      bind: [userId, cursor.created, cursor.id, pageSize],
      type: QueryTypes.SELECT,
    });
    if (keys.length === 0) return;
    cursor = keys[keys.length - 1]!;
    const ids = keys.map((k) => k.id);
    const rows = await Booking.findAll({ where: { id: ids, user_id: userId } });
    const page = ids.flatMap((id) => rows.filter((b) => b.id === id));
    const passengers = await BookingPassenger.findAll({
      where: { booking_id: ids, user_id: userId },
      order: [
        ['booking_id', 'ASC'],
        ['position', 'ASC'],
      ],
    });
    const extras = await bookingExtras(sequelize, userId, ids);
    for (const b of page) {
      yield {
        id: b.id,
        companyId: b.company_id,
        status: b.status,
        kind: b.kind,
        supplierConfirmation: b.supplier_confirmation,
        amountMinor: b.amount_minor,
        currency: b.currency,
        details: b.details,
        notes: b.notes,
        failureReason: b.failure_reason,
        cancellationPolicy: b.cancellation_policy,
        startsAt: iso(b.starts_at),
        createdAt: iso(b.createdAt),
        updatedAt: iso(b.updatedAt),
        passengers: passengers
          .filter((p) => p.booking_id === b.id)
          .map((p) => ({
            firstName: p.first_name,
            lastName: p.last_name,
            dateOfBirth: p.date_of_birth,
            passportNumber: p.passport_number,
          })),
        payments: extras.payments.get(b.id) ?? [],
        refundRequests: extras.refundRequests.get(b.id) ?? [],
        cancellationQuotes: extras.cancellationQuotes.get(b.id) ?? [],
        changeCharges: extras.changeCharges.get(b.id) ?? [],
        cardDeclines: extras.cardDeclines.get(b.id) ?? [],
      };
    }
    if (keys.length < pageSize) return;
  }
}
