import { createHash } from 'node:crypto';

/**
 * Subjects (IPs, user ids, emails) are hashed before they become Redis keys, so Redis holds no
 * PII and a hostile subject cannot shape the key. The hash tag keeps both keys in one slot.
 */
export function subjectHash(subject: string): string {
  return createHash('sha256').update(subject).digest('base64url').slice(0, 32);
}

export function limitKeys(prefix: string, policy: string, subject: string): { log: string; breach: string } {
  const base = `${prefix}{${policy}:${subjectHash(subject)}}`;
  return { log: base, breach: `${base}:breach` };
}
