import { int } from './env-values';

/**
 * SEC-PRIV-03 / SEC-LOG-05: the retention periods the scheduled maintenance workflows apply
 * (docs/retention.md). Each has SECURITY.md's figure as default and a floor where a law or PCI
 * DSS sets a minimum, so a typo cannot shorten what must be kept.
 */
export interface RetentionConfig {
  /** A booking stays active (whole) until its trip's end + this many days, then it is completed. */
  bookingActiveDaysAfterTrip: number;
  /** A completed booking's financial record is kept this many years, then anonymised. */
  completedBookingYears: number;
  /** A soft-deleted account is purged this many days after its deletion was asked. */
  softDeletedAccountDays: number;
  /** Security (application) log files are kept this many months (PCI DSS 10.5.1: 12). */
  securityLogMonths: number;
  /** …and this many of the latest are queryable at once (PCI DSS 10.5.1: 3). */
  securityLogQueryableMonths: number;
}

export function retentionConfig(env: NodeJS.ProcessEnv): RetentionConfig {
  const securityLogMonths = int(env, 'SECURITY_LOG_RETENTION_MONTHS', 12, 12, 120);
  return {
    bookingActiveDaysAfterTrip: int(env, 'BOOKING_ACTIVE_DAYS_AFTER_TRIP', 90, 90, 3_650),
    completedBookingYears: int(env, 'COMPLETED_BOOKING_RETENTION_YEARS', 7, 7, 30),
    softDeletedAccountDays: int(env, 'SOFT_DELETED_ACCOUNT_RETENTION_DAYS', 30, 1, 365),
    securityLogMonths,
    securityLogQueryableMonths: int(env, 'SECURITY_LOG_QUERYABLE_MONTHS', 3, 3, securityLogMonths),
  };
}
