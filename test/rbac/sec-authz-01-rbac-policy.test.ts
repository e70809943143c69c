import test from 'ava';
import { AppError } from '../../lib/errors';
import {
  PERMISSIONS,
  ROLES,
  assertCan,
  can,
  permissionsOf,
  type Actor,
  type Permission,
  type Role,
} from '../../lib/rbac';

/** The policy, written out independently of lib/rbac/policy.ts: a change there must change this. */
const EXPECTED: Record<Role, Permission[]> = {
  USER: ['book', 'cancel_booking', 'view_own_bookings', 'request_refund', 'write_review'],
  BUSINESS_USER: ['book', 'cancel_booking', 'view_own_bookings', 'request_refund', 'write_review'],
  BUSINESS_ADMIN: [
    'book',
    'cancel_booking',
    'view_own_bookings',
    'request_refund',
    'write_review',
    'view_company_bookings',
    'manage_company_users',
  ],
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

const actor = (role: string, extra: Partial<Actor> = {}) => ({ id: 'u-1', role, ...extra }) as Actor;

test('SEC-AUTHZ-01 the roles are exactly USER, BUSINESS_USER, BUSINESS_ADMIN, PLATFORM_ADMIN', (t) => {
  t.deepEqual([...ROLES].sort(), ['BUSINESS_ADMIN', 'BUSINESS_USER', 'PLATFORM_ADMIN', 'USER']);
});

test('SEC-AUTHZ-01 each role holds exactly the expected permissions, no more, no fewer', (t) => {
  for (const role of ROLES) {
    t.deepEqual([...permissionsOf(role)].sort(), [...EXPECTED[role]].sort(), role);
    for (const permission of PERMISSIONS) {
      t.is(can(actor(role), permission), EXPECTED[role].includes(permission), `${role} × ${permission}`);
    }
  }
});

test('SEC-AUTHZ-01 every permission is held by some role (no dead names in the policy)', (t) => {
  for (const permission of PERMISSIONS) {
    t.true(
      ROLES.some((role) => permissionsOf(role).includes(permission)),
      permission,
    );
  }
});

test('SEC-AUTHZ-01 the permissions the requirement names all exist', (t) => {
  const named = [
    'book',
    'cancel_booking',
    'view_company_bookings',
    'manage_users',
    'view_audit_logs',
    'approve_refunds',
    'manage_keys',
  ];
  for (const permission of named) t.true((PERMISSIONS as readonly string[]).includes(permission), permission);
});

test('SEC-AUTHZ-01 separation of duties: admins do not book, customers do not administer', (t) => {
  t.false(can(actor('PLATFORM_ADMIN'), 'book'));
  for (const role of ['USER', 'BUSINESS_USER', 'BUSINESS_ADMIN']) {
    for (const adminOnly of [
      'approve_refunds',
      'moderate_reviews',
      'manage_users',
      'view_audit_logs',
      'manage_keys',
      'reveal_pii',
    ] as const) {
      t.false(can(actor(role), adminOnly), `${role} × ${adminOnly}`);
    }
  }
  t.false(can(actor('BUSINESS_USER'), 'view_company_bookings'));
  t.false(can(actor('USER'), 'manage_company_users'));
});

test('SEC-AUTHZ-01 an unknown or malformed role holds nothing', (t) => {
  const roles = [
    'ROOT',
    'user',
    'platform_admin',
    '',
    ' USER',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
  ];
  for (const role of roles) {
    t.is(permissionsOf(role).length, 0, role);
    for (const permission of PERMISSIONS) t.false(can(actor(role), permission), `${role} × ${permission}`);
  }
  for (const odd of [undefined, null, 42, {}, ['USER']]) t.is(permissionsOf(odd).length, 0);
});

test('SEC-AUTHZ-01 a malformed actor can do nothing, whatever role it claims', (t) => {
  const malformed: unknown[] = [
    undefined,
    null,
    {},
    { role: 'PLATFORM_ADMIN' },
    { id: '', role: 'PLATFORM_ADMIN' },
    { id: 42, role: 'PLATFORM_ADMIN' },
    { id: 'x'.repeat(129), role: 'PLATFORM_ADMIN' },
    { id: 'a', role: 'PLATFORM_ADMIN', companyId: 7 },
    'PLATFORM_ADMIN',
  ];
  for (const value of malformed)
    t.false(can(value as Actor, 'view_audit_logs'), JSON.stringify(value) ?? 'undefined');
});

test('SEC-AUTHZ-01 the policy cannot be changed at run time', (t) => {
  const grants = permissionsOf('USER') as Permission[];
  t.throws(() => grants.push('manage_keys'), { instanceOf: TypeError });
  t.false(can(actor('USER'), 'manage_keys'));
});

test('SEC-AUTHZ-02 services check the actor themselves: assertCan throws 403 ACCESS_DENIED', (t) => {
  t.notThrows(() => assertCan(actor('PLATFORM_ADMIN'), 'approve_refunds'));
  for (const who of [actor('USER'), actor('BUSINESS_ADMIN'), actor('NOBODY'), undefined, null]) {
    const err = t.throws(() => assertCan(who, 'approve_refunds'), { instanceOf: AppError });
    t.is(err?.status, 403);
    t.is(err?.code, 'ACCESS_DENIED');
    t.is(err?.message, 'Access denied');
  }
});
