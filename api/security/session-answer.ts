import type { Context } from 'koa';
import * as yup from 'yup';
import type { CsrfTokens } from '../../lib/csrf';
import { AppError } from '../../lib/errors';
import type { IssuedSession, SessionMode, SessionService, SessionUser } from '../../services/sessions';
import { csrfVerified } from '../middleware/csrf';
import { COOKIES, clearCookie, setCookie } from './session-cookies';
import { sessionClientOf } from './session-mode';

/** The body of a login or refresh answer: tokens only for Bearer clients (SEC-SESS-01). */
export const sessionAnswerSchema = yup
  .object({
    mode: yup.string().oneOf(['browser', 'bearer']).required(),
    tokenType: yup.string().oneOf(['Bearer']).optional(),
    accessToken: yup.string().optional().description('Bearer clients only'),
    refreshToken: yup.string().optional().description('Bearer clients only; single use'),
    accessExpiresAt: yup.string().required(),
    refreshExpiresAt: yup.string().required(),
  })
  .noUnknown();

export type SessionAnswer = yup.InferType<typeof sessionAnswerSchema>;

export const sessionAnswerExample: SessionAnswer = {
  mode: 'browser',
  accessExpiresAt: '2026-12-01T10:15:00.000Z',
  refreshExpiresAt: '2026-12-08T10:00:00.000Z',
};

export interface SessionHttp {
  /**
   * For the login route, after password and MFA: starts the session and writes the answer.
   * Browser mode needs a request that passed the CSRF guard (a login route marked with
   * preSessionCsrf); without it no auth cookie is ever set (403).
   */
  begin(ctx: Context, user: SessionUser, mode: SessionMode): Promise<SessionAnswer>;
  /** Writes an issued session (login or refresh): cookies + X-CSRF-Token, or tokens in the body. */
  answer(ctx: Context, issued: IssuedSession, mode: SessionMode): SessionAnswer;
  /** Logout: expires every auth cookie. */
  clear(ctx: Context): void;
}

export function sessionHttp(deps: {
  sessions: Pick<SessionService, 'startSession'>;
  tokens: CsrfTokens;
  clock?: () => number;
}): SessionHttp {
  const clock = deps.clock ?? Date.now;
  const seconds = (until: Date) => Math.floor((until.getTime() - clock()) / 1000);

  function answer(ctx: Context, issued: IssuedSession, mode: SessionMode): SessionAnswer {
    const times = {
      accessExpiresAt: issued.accessExpiresAt.toISOString(),
      refreshExpiresAt: issued.refreshExpiresAt.toISOString(),
    };
    if (mode === 'bearer') {
      return {
        mode,
        tokenType: 'Bearer',
        accessToken: issued.accessToken,
        refreshToken: issued.refreshToken,
        ...times,
      };
    }
    const csrf = deps.tokens.issue(`s:${issued.sessionId}`);
    setCookie(ctx, COOKIES.access, issued.accessToken, seconds(issued.accessExpiresAt));
    setCookie(ctx, COOKIES.refresh, issued.refreshToken, seconds(issued.refreshExpiresAt));
    setCookie(ctx, COOKIES.csrf, csrf, seconds(issued.refreshExpiresAt));
    clearCookie(ctx, COOKIES.preSession);
    ctx.set('X-CSRF-Token', csrf);
    return { mode, ...times };
  }

  return {
    async begin(ctx, user, mode) {
      if (mode === 'browser' && !csrfVerified(ctx)) {
        throw new AppError(403, 'CSRF_REFUSED', 'Access denied');
      }
      const issued = await deps.sessions.startSession(user, sessionClientOf(ctx), mode);
      return answer(ctx, issued, mode);
    },
    answer,
    clear(ctx) {
      for (const name of [COOKIES.access, COOKIES.refresh, COOKIES.csrf]) clearCookie(ctx, name);
    },
  };
}
