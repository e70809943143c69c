import * as yup from 'yup';

const passenger = yup.object({
  firstName: yup.string().required(),
  lastName: yup.string().required(),
  dateOfBirth: yup.string().required().description('Masked: the year only'),
  passportNumber: yup.string().nullable().defined().description('Masked: `******1234`'),
});

const optionalText = () => yup.string().optional();
const optionalCount = () => yup.number().integer().optional();
/** The allowlisted details (services/bookings/booking-input.ts): a hotel stay's or a flight's fields. */
const details = yup.object({
  hotelId: optionalText(),
  roomType: optionalText(),
  checkIn: optionalText(),
  checkOut: optionalText(),
  rooms: optionalCount(),
  guests: optionalCount(),
  flightId: optionalText(),
  origin: optionalText(),
  destination: optionalText(),
  departureDate: optionalText(),
  returnDate: optionalText(),
  seats: optionalCount(),
});

export const bookingAnswer = yup.object({
  id: yup.string().uuid().required(),
  status: yup.string().required(),
  kind: yup.string().oneOf(['hotel', 'flight']).required(),
  amount: yup.string().required(),
  currency: yup.string().required(),
  details: details.required(),
  notes: yup.string().nullable().defined(),
  failureReason: yup.string().nullable().defined(),
  createdAt: yup.string().required(),
  statusUrl: yup.string().required(),
  passengers: yup.array(passenger.required()).optional(),
  clientSecret: yup
    .string()
    .nullable()
    .optional()
    .description('To the booker only, while Stripe asks for 3-D Secure; null for anyone else'),
});

export const accepted = yup.object({
  id: yup.string().uuid().required(),
  status: yup.string().required(),
  statusUrl: yup.string().required(),
});

export const bookingPage = yup.object({
  bookings: yup.array(bookingAnswer.required()).required(),
  nextCursor: yup.string().nullable().defined(),
});

export const cancelled = yup.object({
  id: yup.string().uuid().required(),
  status: yup.string().required(),
  refundedMinor: yup.number().integer().min(0).required(),
});

export const EXAMPLE_ID = '4b9e8c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b';
export const EXAMPLE_BOOKING = {
  id: EXAMPLE_ID,
  status: 'CONFIRMED',
  kind: 'flight' as const,
  amount: '249.90',
  currency: 'EUR',
  details: { flightId: 'F0000042', origin: 'LIS', destination: 'BER', departureDate: '2027-03-01', seats: 1 },
  notes: null,
  failureReason: null,
  createdAt: '2027-02-01T10:00:00.000Z',
  statusUrl: `/api/v1/bookings/${EXAMPLE_ID}`,
};
