import type { CaptchaVerifier } from './captcha';

export interface SiteverifyOptions {
  /** The provider's verification endpoint (hCaptcha, Cloudflare Turnstile and reCAPTCHA share this shape). */
  verifyUrl: string;
  /** The site's secret key, from a secret file (SEC-CFG-01). */
  secret: string;
  timeoutMs: number;
}

/**
 * A CaptchaVerifier for the common "siteverify" protocol: POST secret, response token and the
 * client IP as a form; the answer's `success` decides. Any failure to get a clear yes (timeout,
 * error status, malformed answer) counts as unsolved: the challenge fails closed.
 */
export function siteverifyCaptcha(
  options: SiteverifyOptions,
  fetchImpl: typeof fetch = fetch,
): CaptchaVerifier {
  return {
    async verify(token, ip) {
      if (token.length === 0 || token.length > 4096) return false;
      try {
        const res = await fetchImpl(options.verifyUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ secret: options.secret, response: token, remoteip: ip }).toString(),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        if (!res.ok) return false;
        const answer = (await res.json()) as { success?: unknown };
        return answer.success === true;
      } catch {
        return false;
      }
    },
  };
}
