import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { AppMiddleware } from '../state';

/** Written as one literal: helmet serialises directives without the spaces SEC-WEB-03 specifies. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The customer web app's pages (issue 21): the API's policy plus frames from the card origin only
 * (SEC-PAY-01: the card is typed in the card frame, never in this page) and styles from this origin
 * only. Everything else, scripts included, stays as above; the API's own answers keep the policy above.
 */
export function webAppContentSecurityPolicy(cardFrameOrigin: string | null): string {
  return (
    "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; " +
    `frame-src ${cardFrameOrigin ?? "'none'"}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`
  );
}

export type HeaderWriter = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * SEC-WEB-03 headers as a plain function, so the last-resort error path can write them again after
 * clearing a response. `no-store` is on every API answer: simpler and safer than deciding per route
 * which answers are authenticated.
 */
export function securityHeaderWriter(hstsMaxAgeSeconds: number): HeaderWriter {
  const writeHelmetHeaders = helmet({
    contentSecurityPolicy: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: hstsMaxAgeSeconds, includeSubDomains: true },
    xContentTypeOptions: true,
    xPoweredBy: true,
  });
  return (req, res) => {
    writeHelmetHeaders(req, res, (err) => {
      if (err) throw err;
    });
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('Cache-Control', 'no-store');
  };
}

/** Writes the security headers before anything else can answer, so errors and 404s carry them too. */
export function securityHeaders(write: HeaderWriter): AppMiddleware {
  return function securityHeaders(ctx, next) {
    write(ctx.req, ctx.res);
    return next();
  };
}
