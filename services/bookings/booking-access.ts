import type { Booking } from '../../db/models/booking';
import { errors, NotVisibleError } from '../../lib/errors';
import { can, type Actor } from '../../lib/rbac';

/**
 * SEC-AUTHZ-03 object level: one's own bookings; a BUSINESS_ADMIN's company's; platform staff
 * holding `view_all_bookings` every booking. Anything else is answered as missing (404).
 */
export function canSee(actor: Actor, booking: Pick<Booking, 'user_id' | 'company_id'>): boolean {
  if (booking.user_id === actor.id && can(actor, 'view_own_bookings')) return true;
  if (
    can(actor, 'view_company_bookings') &&
    actor.companyId !== undefined &&
    booking.company_id === actor.companyId
  ) {
    return true;
  }
  return can(actor, 'view_all_bookings');
}

export function bookingNotFound() {
  return errors.notFound('Booking');
}

/** Another tenant's booking: the same 404 as a missing one, audited as a denial (SEC-LOG-03). */
export function bookingNotVisible() {
  return new NotVisibleError('Booking');
}
