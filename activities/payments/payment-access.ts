import { ApplicationFailure } from '@temporalio/common';
import { can, type Actor, type Permission } from '../../lib/rbac';

/** The services check the actor themselves (SEC-AUTHZ-02): any one of `permissions` suffices. */
export function assertMay(actor: Actor, permissions: readonly Permission[]): void {
  if (!permissions.some((p) => can(actor, p))) {
    throw ApplicationFailure.nonRetryable('the actor may not do this', 'AccessDenied');
  }
}

/**
 * Object level (SEC-AUTHZ-03): a payment is its booker's; platform staff who see every booking
 * may act on any. Another user's payment is reported exactly like a missing one.
 */
export function assertOwnsOrStaff(actor: Actor, ownerId: string): void {
  if (actor.id !== ownerId && !can(actor, 'view_all_bookings')) throw paymentNotFound();
}

export function paymentNotFound(): ApplicationFailure {
  return ApplicationFailure.nonRetryable('no payment for this booking', 'PaymentNotFound');
}
