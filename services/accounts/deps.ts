import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import type { IdentityModels } from '../../db/models/identity';
import type { AuditWriter } from '../../lib/audit';
import type { CaptchaVerifier } from '../../lib/auth/captcha';
import type { SelfHostedChallenge } from '../../lib/auth/captcha-altcha';
import type { FailureWindows } from '../../lib/auth/failure-windows';
import type { LoginFailureStore } from '../../lib/auth/login-failures';
import type { BreachCheck } from '../../lib/auth/password-breach-check';
import type { PasswordHasher } from '../../lib/auth/password-hash';
import type { Config } from '../../lib/config';
import type { Logger } from '../../lib/logger';
import type { SessionService } from '../sessions';
import type { BackgroundTasks } from './background';

/** Starts delivery of one email_outbox row (in production: the notification workflow). */
export type EmailDispatch = (outboxId: string) => Promise<void>;

/** Everything the account services use; built once per process (or per test) by createAccounts. */
export interface AccountsDeps {
  /** App-role connection with its keyring attached. */
  sequelize: Sequelize;
  models: IdentityModels;
  audit: AuditWriter;
  redis: Redis;
  failures: LoginFailureStore;
  /** Failed step-ups per user and per session (rate limits stepUpPerUser, stepUpPerSession). */
  stepUpFailures: FailureWindows;
  config: Pick<Config, 'accounts' | 'api' | 'rateLimits'>;
  hasher: PasswordHasher;
  breached?: BreachCheck;
  /** SEC-AUTH-04's challenge; a self-hosted one also issues challenges (issueLoginChallenge). */
  captcha: CaptchaVerifier | SelfHostedChallenge;
  sessions: Pick<SessionService, 'revokeUserSessions'>;
  dispatchEmail: EmailDispatch;
  background: BackgroundTasks;
  logger: Logger;
  now: () => Date;
}

/** Where a request came from (SEC-VAL-09 client IP), for audit events and emails. */
export interface Origin {
  ip: string;
  userAgent?: string;
  requestId?: string;
}
