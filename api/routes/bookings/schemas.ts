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

const cancellationTerms = yup
  .object({
    freeUntilDays: yup.number().integer().min(0).required(),
    lateDeductionPercent: yup.number().integer().min(0).max(100).required(),
    startsAt: yup.string().required().description('When the stay or flight starts'),
    freeUntil: yup.string().required().description('Cancelling before then refunds everything'),
  })
  .nullable()
  .defined()
  .description('The supplier’s terms the booking holds; null until the supplier held it');

export const bookingAnswer = yup.object({
  id: yup.string().uuid().required(),
  status: yup.string().required(),
  kind: yup.string().oneOf(['hotel', 'flight']).required(),
  amount: yup.string().required(),
  currency: yup.string().required(),
  details: details.required(),
  notes: yup.string().nullable().defined(),
  failureReason: yup.string().nullable().defined(),
  cancellation: cancellationTerms,
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

export const cancellationQuote = yup.object({
  id: yup.string().uuid().required(),
  bookingId: yup.string().uuid().required(),
  phase: yup.string().oneOf(['free', 'late']).required(),
  refundMinor: yup.number().integer().min(0).required(),
  deductionMinor: yup.number().integer().min(0).required(),
  currency: yup.string().required(),
  expiresAt: yup.string().required().description('Confirm before then'),
  status: yup.string().oneOf(['open', 'superseded', 'confirmed', 'settled', 'void']).required(),
  confirmUrl: yup.string().required(),
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
  cancellation: {
    freeUntilDays: 7,
    lateDeductionPercent: 50,
    startsAt: '2027-03-01T07:40:00.000Z',
    freeUntil: '2027-02-22T07:40:00.000Z',
  },
  createdAt: '2027-02-01T10:00:00.000Z',
  statusUrl: `/api/v1/bookings/${EXAMPLE_ID}`,
};

export const EXAMPLE_QUOTE_ID = '9c1d2e3f-4a5b-4b9e-8c1a-2f3d4e5f6a7b';
export const EXAMPLE_QUOTE = {
  id: EXAMPLE_QUOTE_ID,
  bookingId: EXAMPLE_ID,
  phase: 'late' as const,
  refundMinor: 12_495,
  deductionMinor: 12_495,
  currency: 'EUR',
  expiresAt: '2027-02-25T10:15:00.000Z',
  status: 'open' as const,
  confirmUrl: `/api/v1/bookings/${EXAMPLE_ID}/cancellation-quotes/${EXAMPLE_QUOTE_ID}/confirm`,
};

export const changeOffer = yup.object({
  offerId: yup.string().uuid().required(),
  bookingId: yup.string().uuid().required(),
  available: yup.boolean().required().description('False: the supplier cannot make this change'),
  currentTotalMinor: yup.number().integer().min(0).required(),
  newTotalMinor: yup.number().integer().min(0).required(),
  penaltyMinor: yup.number().integer().min(0).required().description('What the cancellation terms keep now'),
  differenceMinor: yup.number().integer().required().description('Above 0 charged, below 0 refunded'),
  currency: yup.string().required(),
  expiresAt: yup.string().required().description('Confirm before then'),
  confirmUrl: yup.string().required(),
});

export const changeResult = yup.object({
  id: yup.string().uuid().required(),
  offerId: yup.string().uuid().required(),
  status: yup.string().oneOf(['CHANGED']).required(),
  failureReason: yup.string().nullable().defined(),
  differenceMinor: yup.number().integer().required(),
});

export const EXAMPLE_CHANGE_OFFER = {
  offerId: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  bookingId: EXAMPLE_ID,
  available: true,
  currentTotalMinor: 24_990,
  newTotalMinor: 27_990,
  penaltyMinor: 0,
  differenceMinor: 3_000,
  currency: 'EUR',
  expiresAt: '2027-02-25T10:15:00.000Z',
  confirmUrl: `/api/v1/bookings/${EXAMPLE_ID}/change-offers/7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/confirm`,
};
