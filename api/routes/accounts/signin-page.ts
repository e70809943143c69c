import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answer, defineRoute, type RouteDeclaration } from '../../routing';

const PUBLIC = join(__dirname, '..', '..', 'public');

/**
 * Issue 7 point 10: a minimal sign-in page served by the API itself, one HTML file and its script
 * files from this origin, so the CSP (SEC-WEB-03: `script-src 'self'`, no inline script or style)
 * holds for it unchanged. Read once at start-up.
 */
export function signinPageRoutes(): RouteDeclaration[] {
  const html = readFileSync(join(PUBLIC, 'signin.html'));
  const script = readFileSync(join(PUBLIC, 'signin.js'));
  const challengeScript = readFileSync(join(PUBLIC, 'login-challenge.js'));
  return [
    defineRoute({
      method: 'GET',
      path: '/signin',
      summary: 'Sign-in page: signup, verify, login, MFA, sessions, logout',
      tag: 'auth',
      permission: 'public',
      responses: { 200: answer.media('The page.', 'text/html') },
      handler(ctx) {
        ctx.type = 'text/html; charset=utf-8';
        ctx.body = html;
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/signin.js',
      summary: 'Sign-in page: its script',
      tag: 'auth',
      permission: 'public',
      responses: { 200: answer.media('The script.', 'text/javascript') },
      handler(ctx) {
        ctx.type = 'text/javascript; charset=utf-8';
        ctx.body = script;
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/login-challenge.js',
      summary: 'Sign-in page: its solver of the login challenge (SEC-AUTH-04)',
      tag: 'auth',
      permission: 'public',
      responses: { 200: answer.media('The script.', 'text/javascript') },
      handler(ctx) {
        ctx.type = 'text/javascript; charset=utf-8';
        ctx.body = challengeScript;
      },
    }),
  ] as RouteDeclaration[];
}
