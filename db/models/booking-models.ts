import type { Sequelize } from 'sequelize';
import { initBooking, type Booking } from './booking';
import { initBookingPassenger, type BookingPassenger } from './booking-passenger';

export interface BookingModels {
  Booking: typeof Booking;
  BookingPassenger: typeof BookingPassenger;
}

const initialized = new WeakMap<Sequelize, BookingModels>();

/**
 * The booking models, initialized once on `sequelize` (its keyring attached: db/encrypted
 * attachKeyring). Model classes are process-wide: one app connection per process owns them.
 */
export function bookingModels(sequelize: Sequelize): BookingModels {
  let models = initialized.get(sequelize);
  if (!models) {
    models = { Booking: initBooking(sequelize), BookingPassenger: initBookingPassenger(sequelize) };
    initialized.set(sequelize, models);
  }
  return models;
}
