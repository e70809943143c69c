export { createBooking, type BookingAccepted } from './create-booking';
export { getBooking, listBookings, type BookingPage } from './read-bookings';
export { cancelBooking } from './cancel-booking';
export { bookingSignalPort } from './payment-signals';
export { bookingWorkflowId } from './accept-rows';
export { createBookingBody, minorUnits, type CreateBookingBody } from './booking-input';
export type { BookingsDeps, BookingOrigin } from './deps';
export type { BookingView, PassengerView } from './booking-view';
export type { BookingResult } from './booking-saga';
