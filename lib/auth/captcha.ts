/**
 * SEC-AUTH-04's challenge after repeated failures is pluggable: a deployment wires its CAPTCHA
 * provider (hCaptcha, Turnstile, …) behind this interface; tests use a verifier of their own.
 */
export interface CaptchaVerifier {
  /** True when `token` proves a solved challenge for a request from `ip`. */
  verify(token: string, ip: string): Promise<boolean>;
}

/**
 * Without a configured provider no challenge can be passed: after the challenge threshold the
 * account accepts logins again only once its failures are forgotten (config
 * accounts.failureMemorySeconds), or after a password reset.
 */
export const noCaptchaConfigured: CaptchaVerifier = {
  verify: () => Promise.resolve(false),
};
