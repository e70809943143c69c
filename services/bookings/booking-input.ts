import * as yup from 'yup';
import { dayNumber, isIsoDate, today } from '../../lib/dates/calendar-days';
import { plainText } from '../../lib/text/plain-text';
import { PAYMENT_CURRENCIES, PAYMENT_METHOD_ID } from '../payments/payment-rules';
import { isStayLength, MAX_NIGHTS } from './stay-length';

/**
 * SEC-VAL-02 field rules and SEC-VAL-07's allowlisted details of `POST /api/v1/bookings`. The
 * router refuses unknown keys at every depth; the tests here add the logic between fields.
 */
const isoDate = () =>
  yup
    .string()
    .strict()
    .required()
    .test(
      'iso-date',
      '${path} must be an ISO 8601 date (YYYY-MM-DD)',
      (v) => v === undefined || isIsoDate(v),
    );
const notPast = (v: string | undefined) => v === undefined || dayNumber(v) >= today(new Date());
const supplierId = () =>
  yup
    .string()
    .strict()
    .required()
    .matches(/^[A-Za-z0-9_-]{1,64}$/, '${path} must be a supplier id');
const iata = () =>
  yup
    .string()
    .strict()
    .required()
    .matches(/^[A-Z]{3}$/, '${path} must be an IATA code (3 capital letters)');
const guests = () => yup.number().strict().integer().min(1).max(9).required();

export const hotelDetails = yup
  .object({
    hotelId: supplierId(),
    roomType: yup
      .string()
      .strict()
      .required()
      .matches(/^[a-z_]{1,32}$/, '${path} must be a room type code'),
    checkIn: isoDate().test('not-past', 'checkIn must not be in the past', notPast),
    checkOut: isoDate(),
    rooms: yup.number().strict().integer().min(1).max(9).required(),
    guests: guests(),
  })
  .default(undefined)
  .optional()
  .test('stay', `checkOut must be 1 to ${MAX_NIGHTS} nights after checkIn`, (v) =>
    !v ? true : isStayLength(dayNumber(v.checkOut) - dayNumber(v.checkIn)),
  );

export const flightDetails = yup
  .object({
    flightId: supplierId(),
    origin: iata(),
    destination: iata(),
    departureDate: isoDate().test('not-past', 'departureDate must be today or later', notPast),
    returnDate: isoDate().optional().default(undefined),
    seats: guests(),
  })
  .default(undefined)
  .optional()
  .test('route', 'destination must differ from origin', (v) => !v || v.origin !== v.destination)
  .test('return', 'returnDate must be after departureDate', (v) =>
    !v?.returnDate ? true : dayNumber(v.returnDate) > dayNumber(v.departureDate),
  );

const NAME = /^[\p{L}\p{M}' .-]{1,100}$/u;
export const passenger = yup.object({
  firstName: plainText(100).required().matches(NAME, '${path} must be a name'),
  lastName: plainText(100).required().matches(NAME, '${path} must be a name'),
  dateOfBirth: isoDate().test(
    'born',
    'dateOfBirth must be in the past',
    (v) => !v || dayNumber(v) < today(new Date()),
  ),
  passportNumber: yup
    .string()
    .strict()
    .matches(/^[A-Za-z0-9]{6,15}$/, '${path} must be 6 to 15 letters or digits')
    .optional()
    .default(undefined),
});

/** Money as the client writes it: positive, at most 10 digits, at most 2 decimals (SEC-VAL-02). */
export const money = yup
  .string()
  .strict()
  .required()
  .matches(
    /^(?!0+(\.0{1,2})?$)\d{1,8}(\.\d{1,2})?$/,
    '${path} must be a positive amount with at most 2 decimals',
  );

export function minorUnits(amount: string): number {
  const [whole, fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export const createBookingBody = yup
  .object({
    kind: yup
      .string()
      .strict()
      .oneOf(['hotel', 'flight'] as const)
      .required(),
    hotel: hotelDetails,
    flight: flightDetails,
    passengers: yup.array(passenger.required()).strict().min(1).max(9).required(),
    amount: money,
    currency: yup.string().strict().oneOf(PAYMENT_CURRENCIES, '${path} must be one of ${values}').required(),
    paymentMethodId: yup
      .string()
      .strict()
      .required()
      .matches(PAYMENT_METHOD_ID, '${path} must be a Stripe PaymentMethod id (pm_...)'),
    notes: plainText(2000, { multiline: true }).optional().default(undefined),
  })
  .test('details', 'give the details of the booked kind only (hotel or flight)', (v) =>
    !v ? true : v.kind === 'hotel' ? !!v.hotel && !v.flight : !!v.flight && !v.hotel,
  )
  .test(
    'flight-passports',
    'every flight passenger needs a passport number',
    // A missing or malformed list is the field's own error, reported with this one.
    (v) =>
      v?.kind !== 'flight' || !Array.isArray(v.passengers) || v.passengers.every((p) => !!p?.passportNumber),
  )
  .test(
    'flight-seats',
    'a flight books one seat per passenger',
    (v) => v?.kind !== 'flight' || !Array.isArray(v.passengers) || v.flight?.seats === v.passengers.length,
  );

export type CreateBookingBody = yup.InferType<typeof createBookingBody>;
