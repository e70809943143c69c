import { createHash } from 'node:crypto';

/** How one sensitive value is shown in a log line (SEC-LOG-02). */
export const SECRET_MASK = '***';

export function lastDigits(value: string, count = 4): string {
  return value.replace(/\D/g, '').slice(-count);
}

/** `****1234`: the last four digits only (PCI DSS 3.4.1 allows at most BIN + last four). */
export function maskCardNumber(value: string): string {
  const last = lastDigits(value);
  return last.length === 4 ? `****${last}` : SECRET_MASK;
}

/** `***2671`: the last four digits of a phone number. */
export function maskPhone(value: string): string {
  const last = lastDigits(value);
  return last.length === 4 ? `${SECRET_MASK}${last}` : SECRET_MASK;
}

/** `u***@example.com`: first character of the local part, the domain kept for diagnosis. */
export function maskEmailAddress(local: string, domain: string): string {
  const first = Array.from(local)[0] ?? '';
  return `${first}${SECRET_MASK}@${domain}`;
}

/** `…` + the last 8 characters of the signature; never any of the header or claims. */
export function maskJwt(token: string): string {
  const signature = token.slice(token.lastIndexOf('.') + 1);
  return signature.length >= 16 ? `…${signature.slice(-8)}` : '…';
}

/**
 * `sha256:1a2b3c4d` lets an operator correlate log lines about one passport. The 32-bit prefix is
 * short on purpose: tens of thousands of possible passport numbers share each prefix, so it
 * cannot be reversed by enumerating passport numbers.
 */
export function hashPassport(value: string): string {
  const digest = createHash('sha256').update(value.trim().toUpperCase()).digest('hex');
  return `sha256:${digest.slice(0, 8)}`;
}
