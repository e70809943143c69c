/**
 * Masks for API answers (SEC-DATA-03): a sensitive field is shown masked unless a permitted,
 * audited reveal asks otherwise. Masks have a fixed width so they do not leak the length, and
 * never show more than half of a value. Works on code points, not UTF-16 units.
 */
const STARS = '******';

function chars(value: string): string[] {
  return Array.from(value.normalize('NFC'));
}

/** Fixed stars and at most the last 4 characters, never more than half: `******1234`. */
export function maskTail(value: string, visible = 4): string {
  const cs = chars(value.trim());
  const shown = Math.min(visible, Math.floor(cs.length / 2));
  return STARS + cs.slice(cs.length - shown).join('');
}

/** Passport numbers: `******1234`. */
export function maskPassport(passportNumber: string): string {
  return maskTail(passportNumber.replace(/\s+/g, ''));
}

/** Phone numbers: the last 4 digits only, `******7890`. */
export function maskPhone(phone: string): string {
  return maskTail(phone.replace(/[^0-9]/g, ''));
}

/** Emails: first character of the local part and the domain, `j***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return '***';
  const local = chars(email.slice(0, at));
  const domain = email.slice(at + 1);
  return `${local.length >= 2 ? local[0] : ''}***@${domain}`;
}

/** Names: the initial of each part, `J*** S***`. */
export function maskName(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '***';
  return parts.map((p) => `${chars(p)[0]}***`).join(' ');
}

/** Dates of birth: the year only, `1987-**-**`. */
export function maskDateOfBirth(date: string): string {
  const m = /^(\d{4})-\d{2}-\d{2}$/.exec(date.trim());
  return m ? `${m[1]}-**-**` : '****-**-**';
}
