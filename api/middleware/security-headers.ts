import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { AppMiddleware } from '../state';

/** Written as one literal: helmet serialises directives without the spaces SEC-WEB-03 specifies. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

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
