import { createHash, randomBytes } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // 32 symbols, no 0/O or 1/I
const CODE_SYMBOLS = 16; // 80 bits

/** Ten fresh 80-bit codes, shown once as `XXXX-XXXX-XXXX-XXXX`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(CODE_SYMBOLS);
    const symbols = [...bytes].map((b) => ALPHABET[b % 32]).join('');
    return symbols.match(/.{4}/g)!.join('-');
  });
}

/** Case, spaces and dashes do not matter when a person types a code back. */
export function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function looksLikeRecoveryCode(code: string): boolean {
  return /^[A-Z0-9]{16}$/.test(normalizeRecoveryCode(code));
}

/** SHA-256 suffices for 80-bit random codes (no dictionary to try). */
export function recoveryCodeHash(code: string): Buffer {
  return createHash('sha256').update(normalizeRecoveryCode(code), 'utf8').digest();
}
