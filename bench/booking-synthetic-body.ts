import { randomBytes } from 'node:crypto';
import type { CreateBookingBody } from '../services/bookings';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * A valid flight booking of a flight and PaymentMethod nobody has: the accept path checks shapes
 * only (the saga talks to the supplier and Stripe), so the benches that measure the accept with
 * no pool running need no real inventory.
 */
export function syntheticFlightBooking(): CreateBookingBody {
  return {
    kind: 'flight',
    flight: {
      flightId: `FL${randomBytes(6).toString('hex')}`,
      origin: 'SYD',
      destination: 'NAN',
      departureDate: day(9),
      seats: 1,
    },
    passengers: [
      { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-12-10', passportNumber: 'X1234567' },
    ],
    amount: '249.90',
    currency: 'EUR',
    paymentMethodId: `pm_${randomBytes(12).toString('hex')}`,
  };
}
