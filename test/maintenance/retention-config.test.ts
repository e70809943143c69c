import test from 'ava';
import { ConfigError, loadConfig } from '../../lib/config';

const load = (vars: Record<string, string>) => loadConfig({ ...process.env, ...vars }).retention;

test("SEC-PRIV-03 SEC-LOG-05 the retention periods are typed config with SECURITY.md's figures as defaults and its minimums as floors", (t) => {
  t.deepEqual(load({}), {
    bookingActiveDaysAfterTrip: 90,
    completedBookingYears: 7,
    softDeletedAccountDays: 30,
    securityLogMonths: 12,
    securityLogQueryableMonths: 3,
  });
  t.is(load({ COMPLETED_BOOKING_RETENTION_YEARS: '10' }).completedBookingYears, 10);
  // Shorter than the law (7 years), the chargeback window (90 days) or PCI DSS (12 and 3 months): refused.
  for (const [name, value] of [
    ['COMPLETED_BOOKING_RETENTION_YEARS', '6'],
    ['BOOKING_ACTIVE_DAYS_AFTER_TRIP', '89'],
    ['SECURITY_LOG_RETENTION_MONTHS', '11'],
    ['SECURITY_LOG_QUERYABLE_MONTHS', '2'],
    ['SOFT_DELETED_ACCOUNT_RETENTION_DAYS', '0'],
    ['SOFT_DELETED_ACCOUNT_RETENTION_DAYS', '30 days'],
  ] as const) {
    t.throws(() => load({ [name]: value }), { instanceOf: ConfigError }, `${name}=${value}`);
  }
  t.throws(() => load({ SECURITY_LOG_RETENTION_MONTHS: '12', SECURITY_LOG_QUERYABLE_MONTHS: '13' }), {
    instanceOf: ConfigError,
  });
});
