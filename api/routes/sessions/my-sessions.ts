import * as yup from 'yup';
import { answer, defineRoute } from '../../routing';
import { sessionClientOf } from '../../security/session-mode';
import type { SessionSecurity } from '../../security/session-security';
import { needSessions } from './need-sessions';

const session = yup.object({
  id: yup.string().uuid().required(),
  device: yup.string().required().description('Browser and system, e.g. "Firefox on Linux"'),
  ip: yup.string().required(),
  createdAt: yup.string().required(),
  lastSeenAt: yup.string().required(),
  current: yup.boolean().required().description('The session this request was made with'),
});
const sessionList = yup.object({ sessions: yup.array(session).required() });
const ended = yup.object({ ended: yup.number().integer().min(0).required() });
const sessionId = yup.object({ id: yup.string().uuid().required() });

/** SEC-SESS-05: the caller's sessions (device, IP, created, last seen), and ending them. */
export function mySessionRoutes(security: SessionSecurity | undefined) {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/users/me/sessions',
      summary: "The caller's active sessions, newest first",
      tag: 'sessions',
      permission: 'authenticated',
      links: {
        200: {
          EndSession: {
            method: 'DELETE',
            path: '/api/v1/users/me/sessions/:id',
            parameters: { id: '$response.body#/sessions/0/id' },
          },
        },
      },
      responses: {
        200: answer.json('At most five sessions.', sessionList, {
          sessions: [
            {
              id: '0b6b1a53-1f0c-4c55-9d4b-6c1f4e0d2a10',
              device: 'Firefox on Linux',
              ip: '203.0.113.7',
              createdAt: '2026-12-01T09:00:00.000Z',
              lastSeenAt: '2026-12-01T09:40:00.000Z',
              current: true,
            },
          ],
        }),
      },
      async handler(ctx) {
        ctx.body = { sessions: await needSessions(security).sessions.listSessions(ctx.state.actor!) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/users/me/sessions/:id',
      summary: "End one of the caller's sessions",
      tag: 'sessions',
      permission: 'authenticated',
      params: sessionId,
      responses: {
        200: answer.json('The session has ended.', ended, { ended: 1 }),
        404: answer.error('No such session of the caller (NOT_FOUND).'),
      },
      async handler(ctx) {
        const s = needSessions(security);
        await s.sessions.revokeSession(ctx.state.actor!, ctx.state.input.params.id, sessionClientOf(ctx).ip);
        ctx.body = { ended: 1 };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/users/me/sessions',
      summary: "End all of the caller's sessions except this one",
      tag: 'sessions',
      permission: 'authenticated',
      responses: { 200: answer.json('How many sessions ended.', ended, { ended: 2 }) },
      async handler(ctx) {
        const s = needSessions(security);
        ctx.body = { ended: await s.sessions.revokeOtherSessions(ctx.state.actor!, sessionClientOf(ctx).ip) };
      },
    }),
  ];
}
