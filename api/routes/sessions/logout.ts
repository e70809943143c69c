import * as yup from 'yup';
import { answer, defineRoute } from '../../routing';
import { sessionClientOf } from '../../security/session-mode';
import type { SessionSecurity } from '../../security/session-security';
import { needSessions } from './need-sessions';

const loggedOut = yup.object({ loggedOut: yup.boolean().required() });

/** SEC-SESS-04: ends the caller's session at once (Redis) and revokes its refresh tokens. */
export function logoutRoute(security: SessionSecurity | undefined) {
  return defineRoute({
    method: 'POST',
    path: '/api/v1/auth/logout',
    summary: 'End the current session',
    tag: 'auth',
    permission: 'authenticated',
    responses: {
      200: answer.json('The session has ended; the cookies are expired.', loggedOut, { loggedOut: true }),
    },
    async handler(ctx) {
      const s = needSessions(security);
      await s.sessions.endSession(ctx.state.actor!, sessionClientOf(ctx).ip);
      s.http.clear(ctx);
      ctx.body = { loggedOut: true };
    },
  });
}
