import { errors } from '../../../lib/errors';
import type { SessionSecurity } from '../../security/session-security';

/** The session routes are always declared (for the document); an app built without sessions answers 503. */
export function needSessions(security: SessionSecurity | undefined): SessionSecurity {
  if (!security) throw errors.unavailable();
  return security;
}
