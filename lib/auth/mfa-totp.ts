import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 defaults every authenticator app supports: SHA-1, 6 digits, 30 s. */
export const TOTP_PERIOD_SECONDS = 30;
/** One step of clock drift either way. */
const EPOCH_TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
const CODE_SHAPE = /^[0-9]{6}$/;

/** A new base32 secret (160 bits). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function totpUri(secret: string, issuer: string, label: string): string {
  return generateURI({ issuer, label, secret });
}

/**
 * Checks a code and returns the time step it matched, or undefined. Steps at or before
 * `afterStep` are refused, so a code is never accepted twice (the caller stores the step).
 */
export async function verifyTotp(
  secret: string,
  code: string,
  afterStep: number | undefined,
  epochSeconds: number = Math.floor(Date.now() / 1000),
): Promise<number | undefined> {
  if (!CODE_SHAPE.test(code)) return undefined;
  try {
    const result = await verify({
      secret,
      token: code,
      epoch: epochSeconds,
      epochTolerance: EPOCH_TOLERANCE_SECONDS,
      ...(afterStep === undefined ? {} : { afterTimeStep: afterStep }),
    });
    // The functional API's result type covers HOTP too; a TOTP match always names its step.
    const step: unknown = result.valid ? (result as { timeStep?: unknown }).timeStep : undefined;
    return typeof step === 'number' ? step : undefined;
  } catch {
    return undefined;
  }
}
