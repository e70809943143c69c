import { createHash } from 'node:crypto';

/**
 * Subjects (IPs, user ids, emails) are hashed before they become Redis keys, so Redis holds no
 * PII and a hostile subject cannot shape the key. The hash tag is the subject's, so every key of
 * one subject (each limit's log and breach marker) is in one Cluster slot and one script call
 * can check several limits.
 */
export function subjectHash(subject: string): string {
  return createHash('sha256').update(subject).digest('base64url').slice(0, 32);
}

export function limitKeys(prefix: string, policy: string, subject: string): { log: string; breach: string } {
  const base = `${prefix}${policy}:{${subjectHash(subject)}}`;
  return { log: base, breach: `${base}:breach` };
}
