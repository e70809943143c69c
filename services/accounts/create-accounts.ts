import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import { attachKeyring } from '../../db/encrypted';
import { identityModels } from '../../db/models/identity';
import type { AuditWriter } from '../../lib/audit';
import type { CaptchaVerifier } from '../../lib/auth/captcha';
import type { SelfHostedChallenge } from '../../lib/auth/captcha-altcha';
import { captchaFromConfig } from '../../lib/auth/captcha-from-config';
import { failureWindows } from '../../lib/auth/failure-windows';
import { loginFailureStore } from '../../lib/auth/login-failures';
import { breachCheck } from '../../lib/auth/password-breach-check';
import { passwordHasher } from '../../lib/auth/password-hash';
import type { Config } from '../../lib/config';
import type { Keyring } from '../../lib/crypto';
import type { Logger } from '../../lib/logger';
import { backgroundTasks } from './background';
import type { AccountsDeps, EmailDispatch } from './deps';

export interface CreateAccountsOptions {
  config: Pick<Config, 'accounts' | 'api' | 'rateLimits'>;
  /** App-role connection; the keyring is attached to it here. */
  sequelize: Sequelize;
  keyring: Keyring;
  redis: Redis;
  audit: AuditWriter;
  sessions: AccountsDeps['sessions'];
  dispatchEmail: EmailDispatch;
  logger: Logger;
  /** Default: the configured challenge (config accounts.captcha). */
  captcha?: CaptchaVerifier | SelfHostedChallenge;
  /** Redis key prefix of the login and step-up failure counters and used challenges (tests use a fresh one). */
  keyPrefix?: string;
  now?: () => Date;
}

/** The account services' dependencies from the process's (or a test's) real clients. */
export function createAccounts(options: CreateAccountsOptions): AccountsDeps {
  attachKeyring(options.sequelize, options.keyring);
  const accounts = options.config.accounts;
  const keyPrefix = options.keyPrefix ?? 'th:';
  return {
    sequelize: options.sequelize,
    models: identityModels(options.sequelize),
    audit: options.audit,
    redis: options.redis,
    failures: loginFailureStore(options.redis, keyPrefix, accounts.failureMemorySeconds),
    stepUpFailures: failureWindows(options.redis, options.keyPrefix ?? 'th:'),
    config: options.config,
    hasher: passwordHasher(accounts.argon2),
    breached: accounts.breachCheck.enabled ? breachCheck(accounts.breachCheck) : undefined,
    captcha: options.captcha ?? captchaFromConfig(accounts.captcha, options.redis, keyPrefix),
    sessions: options.sessions,
    dispatchEmail: options.dispatchEmail,
    background: backgroundTasks(options.logger),
    logger: options.logger,
    now: options.now ?? (() => new Date()),
  };
}
