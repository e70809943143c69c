import type { Config } from '../../../lib/config';
import { identityApp, type IdentityApp } from './identity-app';

type StepUpLimit = Config['rateLimits']['stepUpPerUser'];

/**
 * An identity app whose step-up limits (SEC-AUTH-04, rate limits stepUpPerUser and
 * stepUpPerSession) are `perUser` and `perSession`, so that a test reaches them in a few tries.
 */
export function stepUpLimitedApp(
  what: string,
  { perUser, perSession }: { perUser: StepUpLimit; perSession: StepUpLimit },
): IdentityApp {
  return identityApp(what, {
    adjust: (c: Config) => ({
      ...c,
      rateLimits: { ...c.rateLimits, stepUpPerUser: perUser, stepUpPerSession: perSession },
    }),
  });
}
