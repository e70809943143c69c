/** SEC-AUTHZ-01: every permission the platform knows. Roles get them only through policy.ts. */
export const PERMISSIONS = [
  'book',
  'cancel_booking',
  'view_own_bookings',
  'view_company_bookings',
  'view_all_bookings',
  'request_refund',
  'approve_refunds',
  'write_review',
  'moderate_reviews',
  'manage_company_users',
  'manage_users',
  'manage_sessions',
  'view_audit_logs',
  'manage_keys',
  'reveal_pii',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}
