import type { Challenge } from 'altcha-lib';
import { errors } from '../../lib/errors';
import type { AccountsDeps } from './deps';

/**
 * SEC-AUTH-04: a fresh proof-of-work challenge for a login past the challenge threshold. Only the
 * self-hosted challenge issues one; with a third-party CAPTCHA the client gets its token there.
 */
export function issueLoginChallenge(deps: Pick<AccountsDeps, 'captcha'>): Promise<Challenge> {
  if (!('issue' in deps.captcha)) throw errors.notFound('Self-hosted challenge');
  return deps.captcha.issue();
}
