import { isPlainEmailAddress } from '../text/email-address';
import { ConfigError } from './config-error';
import type { Config, Environment } from './schema';

/** Outside production the stack's SMTP sink takes any address: this one collects the summaries. */
export const DEV_RECONCILIATION_REPORT_TO = 'reconciliation@travelhub.example';

/**
 * Issue 17.5: the operators' mailbox for the daily reconciliation summary. Production has no
 * default (the production guard refuses to start without one): a summary mailed nowhere would
 * let a mismatch with Stripe go unread.
 */
export function reconciliationConfig(env: NodeJS.ProcessEnv, mode: Environment): Config['reconciliation'] {
  const raw = env.RECONCILIATION_REPORT_TO;
  if (!raw) return { reportTo: mode === 'production' ? undefined : DEV_RECONCILIATION_REPORT_TO };
  if (!isPlainEmailAddress(raw)) {
    throw new ConfigError('RECONCILIATION_REPORT_TO must be one plain email address (local@domain)');
  }
  return { reportTo: raw };
}
