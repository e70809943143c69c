const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Another spelling of the same bytes: base64url's last character carries unused low bits, which
 * decoders ignore. Throws when the text has none (a multiple of 3 bytes).
 */
export function otherSpelling(text: string): string {
  const unused = text.length * 6 - Buffer.from(text, 'base64url').length * 8;
  if (unused <= 0) throw new Error('no unused bits: this text has one spelling');
  const mask = (1 << unused) - 1;
  const last = ALPHABET.indexOf(text.at(-1)!);
  return text.slice(0, -1) + ALPHABET[(last & ~mask) | ((last + 1) & mask)];
}

/** The text with one character inside it changed, always changing the decoded bytes too. */
export function tampered(text: string, fromEnd = 10): string {
  const at = text.length - fromEnd;
  return text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
}
