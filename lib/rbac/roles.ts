/** SEC-AUTHZ-01: the four roles. A role string from anywhere else is untrusted until isRole says so. */
export const ROLES = ['USER', 'BUSINESS_USER', 'BUSINESS_ADMIN', 'PLATFORM_ADMIN'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
