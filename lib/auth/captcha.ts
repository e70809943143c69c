/**
 * SEC-AUTH-04's challenge after repeated failures is pluggable: by default the platform's own
 * proof of work (captcha-altcha.ts), or a deployment's CAPTCHA provider (hCaptcha, Turnstile, …)
 * behind this interface (captcha-siteverify.ts); tests may use a verifier of their own.
 */
export interface CaptchaVerifier {
  /** True when `token` proves a solved challenge for a request from `ip`. */
  verify(token: string, ip: string): Promise<boolean>;
}
