import type { Redis } from 'ioredis';
import type { AccountsConfig } from '../config/schema';
import type { CaptchaVerifier } from './captcha';
import { altchaChallenge, type SelfHostedChallenge } from './captcha-altcha';
import { siteverifyCaptcha } from './captcha-siteverify';

/**
 * The configured challenge (config accounts.captcha): the self-hosted proof of work unless a
 * third-party provider is configured. Without its HMAC key the self-hosted one cannot start:
 * there is no challenge-less mode, since that would lock customers out (SEC-AUTH-04).
 */
export function captchaFromConfig(
  config: AccountsConfig['captcha'],
  redis: Redis,
  keyPrefix: string,
): CaptchaVerifier | SelfHostedChallenge {
  if (config.provider === 'siteverify') return siteverifyCaptcha(config);
  if (!config.secret) {
    throw new Error('no altcha_hmac_key secret file: `bash scripts/stack.sh up` generates one locally');
  }
  const secret = { current: config.secret, previous: config.previousSecret };
  return altchaChallenge({ ...config, secret, redis, keyPrefix });
}
