import type { Context } from 'koa';

/**
 * SEC-SESS-01: the browser's auth cookies. The `__Host-` prefix makes the browser insist on
 * Secure, Path=/ and no Domain, so no sibling host can set or read them. Written by hand rather
 * than through ctx.cookies, which refuses Secure cookies when the API sits behind plain HTTP
 * (local development, TLS ended at a proxy): browsers accept Secure on https and on localhost.
 */
export const COOKIES = {
  access: '__Host-th_access',
  refresh: '__Host-th_refresh',
  /** The double-submit half of the CSRF token (SEC-WEB-01). */
  csrf: '__Host-th_csrf',
  /** A random id that CSRF tokens are bound to before there is a session (login). */
  preSession: '__Host-th_pre',
} as const;

export type CookieName = (typeof COOKIES)[keyof typeof COOKIES];

type CookieContext = Pick<Context, 'append' | 'cookies'>;

/** Cookie values here are base64url tokens and JWTs: nothing that needs quoting or escaping. */
const COOKIE_VALUE = /^[A-Za-z0-9._-]{1,4096}$/;

export function setCookie(ctx: CookieContext, name: CookieName, value: string, maxAgeSeconds: number): void {
  if (!COOKIE_VALUE.test(value)) throw new Error(`cookie ${name}: value is not a token`);
  const maxAge = Math.max(0, Math.floor(maxAgeSeconds));
  ctx.append('Set-Cookie', `${name}=${value}; Max-Age=${maxAge}; Path=/; Secure; HttpOnly; SameSite=Strict`);
}

export function clearCookie(ctx: CookieContext, name: CookieName): void {
  ctx.append('Set-Cookie', `${name}=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict`);
}

/** A cookie's value when it is well-formed; anything else counts as absent. */
export function readCookie(ctx: CookieContext, name: CookieName): string | undefined {
  const value = ctx.cookies.get(name);
  return value && COOKIE_VALUE.test(value) ? value : undefined;
}
