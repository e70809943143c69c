import type { Permission } from './permissions';
import type { Role } from './roles';

const CUSTOMER: readonly Permission[] = [
  'book',
  'cancel_booking',
  'view_own_bookings',
  'request_refund',
  'write_review',
];

/**
 * SEC-AUTHZ-01: the one place that says which role may do what. Object-level limits (own
 * bookings, own company) are SEC-AUTHZ-03's job and live with the services.
 *
 * PLATFORM_ADMIN accounts administer and do not book: they hold no customer permissions except
 * cancelling a booking and requesting a refund for support (any booking, reason code required,
 * SEC-PAY-04), so an admin session is never also a shopping session.
 * Refund approval and PII reveal are platform-admin only (SEC-PAY-04, SEC-DATA-03); so is review
 * moderation (publish, reject, the queue): a customer never moderates what customers write.
 */
const POLICY: Readonly<Record<Role, readonly Permission[]>> = {
  USER: CUSTOMER,
  BUSINESS_USER: CUSTOMER,
  BUSINESS_ADMIN: [...CUSTOMER, 'view_company_bookings', 'manage_company_users'],
  PLATFORM_ADMIN: [
    'cancel_booking',
    'view_all_bookings',
    'request_refund',
    'approve_refunds',
    'moderate_reviews',
    'manage_users',
    'manage_sessions',
    'view_audit_logs',
    'manage_keys',
    'reveal_pii',
  ],
};

// Frozen arrays, not Sets: Object.freeze does not stop Set#add, and nothing may edit the policy.
const GRANTS: ReadonlyMap<string, readonly Permission[]> = new Map(
  Object.entries(POLICY).map(([role, permissions]) => [role, Object.freeze([...new Set(permissions)])]),
);

const NOTHING: readonly Permission[] = Object.freeze([]);

/** The permissions a role holds; an unknown role (or anything that is not a role) holds none. */
export function permissionsOf(role: unknown): readonly Permission[] {
  return (typeof role === 'string' && GRANTS.get(role)) || NOTHING;
}
