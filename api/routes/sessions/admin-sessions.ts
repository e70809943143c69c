import * as yup from 'yup';
import { answer, defineRoute } from '../../routing';
import { sessionClientOf } from '../../security/session-mode';
import type { SessionSecurity } from '../../security/session-security';
import { needSessions } from './need-sessions';

const ended = yup.object({ ended: yup.number().integer().min(0).required() });

/** SEC-SESS-04: administrators end any user's sessions (manage_sessions), audited as session.revoked. */
export function adminSessionRoutes(security: SessionSecurity | undefined) {
  return [
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/admin/users/:id/sessions',
      summary: 'End every session of a user',
      tag: 'admin',
      permission: 'manage_sessions',
      params: yup.object({ id: yup.string().uuid().required() }),
      responses: { 200: answer.json('How many sessions ended.', ended, { ended: 3 }) },
      async handler(ctx) {
        const s = needSessions(security);
        const { id } = ctx.state.input.params;
        ctx.body = {
          ended: await s.sessions.adminRevokeUserSessions(ctx.state.actor!, id, sessionClientOf(ctx).ip),
        };
      },
    }),
  ];
}
