import type { MaintenanceWorkflowInput } from './input';
import { DAILY_PURGE_OPTIONS, HOURLY_PURGE_OPTIONS } from './purge-options';
import { applyRetention, type RetentionSummary } from './retention-run';

// One workflow per row of SECURITY.md's retention list (SEC-PRIV-03, SEC-LOG-05) that the
// platform did not schedule before; tools/schedules/definitions.ts runs each on a Temporal
// Schedule. docs/retention.md says what each removes and when.

/** "Expired sessions": refresh-token families past their absolute expiry (Redis sessions expire by themselves). */
export function refreshTokenPurgeWorkflow(input: MaintenanceWorkflowInput): Promise<RetentionSummary> {
  return applyRetention(input, {
    rule: 'expired-sessions',
    steps: [{ activity: 'purgeExpiredRefreshTokenFamilies', counts: 'purged' }],
    options: HOURLY_PURGE_OPTIONS,
  });
}

/** "Reset tokens removed": expired one-time account tokens (password reset, email verification). */
export function accountTokenPurgeWorkflow(input: MaintenanceWorkflowInput): Promise<RetentionSummary> {
  return applyRetention(input, {
    rule: 'reset-tokens',
    steps: [{ activity: 'purgeExpiredAccountTokens', counts: 'purged' }],
    options: HOURLY_PURGE_OPTIONS,
  });
}

/** "Active bookings until trip end + 90 days": then completed, the notes and passport numbers go. */
export function bookingCompletionWorkflow(input: MaintenanceWorkflowInput): Promise<RetentionSummary> {
  return applyRetention(input, {
    rule: 'active-bookings',
    steps: [{ activity: 'completeBookings', counts: 'anonymised' }],
    options: DAILY_PURGE_OPTIONS,
  });
}

/** "Completed bookings 7 years then anonymised": passengers deleted, notes cleared, amounts kept. */
export function bookingAnonymisationWorkflow(input: MaintenanceWorkflowInput): Promise<RetentionSummary> {
  return applyRetention(input, {
    rule: 'completed-bookings',
    steps: [{ activity: 'anonymiseCompletedBookings', counts: 'anonymised' }],
    options: DAILY_PURGE_OPTIONS,
  });
}

/** "Soft-deleted accounts 30 days": accounts whose deletion was asked 30 days ago and is not done are erased. */
export function softDeletedAccountPurgeWorkflow(input: MaintenanceWorkflowInput): Promise<RetentionSummary> {
  return applyRetention(input, {
    rule: 'soft-deleted-accounts',
    steps: [{ activity: 'purgeSoftDeletedAccounts', counts: 'purged' }],
    options: DAILY_PURGE_OPTIONS,
  });
}

/** "Security logs 12 months, the last 3 queryable": finished days gzipped, days past 12 months deleted. */
export function securityLogRotationWorkflow(input: MaintenanceWorkflowInput): Promise<RetentionSummary> {
  return applyRetention(input, {
    rule: 'security-logs',
    steps: [
      { activity: 'compressSecurityLogs', counts: 'compressed' },
      { activity: 'expireSecurityLogs', counts: 'purged' },
    ],
    options: DAILY_PURGE_OPTIONS,
  });
}
