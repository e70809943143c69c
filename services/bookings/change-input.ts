import * as yup from 'yup';
import type { Booking } from '../../db/models/booking';
import { isIsoDate } from '../../lib/dates/calendar-days';
import { errors } from '../../lib/errors';
import type { SupplierItem } from './booking-saga';
import { flightDetails, hotelDetails } from './booking-input';

const isoDate = () =>
  yup
    .string()
    .strict()
    .test(
      'iso-date',
      '${path} must be an ISO 8601 date (YYYY-MM-DD)',
      (v) => v === undefined || isIsoDate(v),
    );
const count = () => yup.number().strict().integer().min(1).max(9);

/**
 * `POST /api/v1/bookings/:id/change-offers` (issue 18.2): a hotel stay's new dates, rooms or
 * guests (any of them), or a flight booking's new flight (its route, when another). The merged booking is
 * then held to the create rules (booking-input.ts): not in the past, 1 to 30 nights, and so on.
 */
export const bookingChangeBody = yup
  .object({
    hotel: yup
      .object({ checkIn: isoDate(), checkOut: isoDate(), rooms: count(), guests: count() })
      .default(undefined)
      .optional(),
    flight: yup
      .object({
        flightId: yup
          .string()
          .strict()
          .required()
          .matches(/^[A-Za-z0-9_-]{1,64}$/, '${path} must be a supplier id'),
        departureDate: isoDate().required(),
        origin: yup
          .string()
          .strict()
          .matches(/^[A-Z]{3}$/, '${path} must be an IATA code'),
        destination: yup
          .string()
          .strict()
          .matches(/^[A-Z]{3}$/, '${path} must be an IATA code'),
      })
      .default(undefined)
      .optional(),
  })
  .test('one', 'give `hotel` or `flight`, not both', (v) => !v || !(v.hotel && v.flight));

export type BookingChangeBody = yup.InferType<typeof bookingChangeBody>;

/** The booking's supplier item and details after the change, checked by the create rules. */
export function changedBooking(
  booking: Pick<Booking, 'kind' | 'details'>,
  body: BookingChangeBody,
): { item: SupplierItem; details: Record<string, string | number> } {
  const current = booking.details as Record<string, string | number>;
  const asked = booking.kind === 'hotel' ? body.hotel : body.flight;
  if (!asked || Object.keys(asked).length === 0) {
    throw errors.validation(`give the ${booking.kind} fields to change`);
  }
  const details = { ...current, ...asked } as Record<string, string | number>;
  try {
    (booking.kind === 'hotel' ? hotelDetails : flightDetails).validateSync(details, { strict: true });
  } catch (err) {
    throw errors.validation((err as Error).message);
  }
  if (booking.kind === 'hotel') {
    const d = details as {
      hotelId: string;
      roomType: string;
      checkIn: string;
      checkOut: string;
      rooms: number;
    };
    return {
      item: {
        supplier: 'hotel',
        item: {
          hotelId: d.hotelId,
          roomType: d.roomType,
          checkIn: d.checkIn,
          checkOut: d.checkOut,
          rooms: d.rooms,
        },
      },
      details,
    };
  }
  const f = details as { flightId: string; seats: number };
  return { item: { supplier: 'flight', item: { flightId: f.flightId, seats: f.seats } }, details };
}
