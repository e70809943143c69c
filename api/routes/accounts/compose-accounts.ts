import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import { createAccounts, type AccountsDeps } from '../../../services/accounts';
import { temporalEmailDispatch } from '../../../services/accounts/email-dispatch';
import { newDeviceEmail } from '../../../services/accounts/new-device-email';
import type { AuditWriter } from '../../../lib/audit';
import type { CaptchaVerifier } from '../../../lib/auth/captcha';
import type { Config } from '../../../lib/config';
import type { Keyring } from '../../../lib/crypto';
import type { Logger } from '../../../lib/logger';
import type { NewDeviceNotifier, SessionService } from '../../../services/sessions';
import type { SealedTemporalClient } from '../../../lib/clients/temporal';
import { taskQueues } from '../../../lib/temporal/task-queues';
import type { AccountsApi } from './accounts-api';

export interface AccountsComposition {
  /** Give this to the session security before the accounts exist (it is called only after startup). */
  notifyNewDevice: NewDeviceNotifier;
  /** Builds the account services once the session service exists. */
  build(sessions: Pick<SessionService, 'revokeUserSessions'>): AccountsApi;
}

/**
 * The API process's accounts from its real clients: the process keyring (server.ts), emails through the notification workflow (booking pool, notify pool), and the platform's
 * named rate limits. The login challenge is the configured one (createAccounts) unless a test passes its own.
 */
export function composeAccounts(
  config: Config,
  clients: { sequelize: Sequelize; redis: Redis; temporal: SealedTemporalClient },
  options: {
    keyring: Keyring;
    audit: AuditWriter;
    logger: Logger;
    rateLimit: AccountsApi['rateLimit'];
    captcha?: CaptchaVerifier;
  },
): AccountsComposition {
  let built: AccountsDeps | undefined;
  return {
    notifyNewDevice: newDeviceEmail(() => {
      if (!built) throw new Error('accounts are not built yet');
      return built;
    }),
    build(sessions) {
      built = createAccounts({
        config,
        sequelize: clients.sequelize,
        keyring: options.keyring,
        redis: clients.redis,
        audit: options.audit,
        sessions,
        dispatchEmail: temporalEmailDispatch(clients.temporal, taskQueues(config.temporal.taskQueueSuffix)),
        logger: options.logger,
        captcha: options.captcha,
      });
      return { accounts: built, rateLimit: options.rateLimit };
    },
  };
}
