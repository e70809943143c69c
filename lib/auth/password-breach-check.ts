import { createHash } from 'node:crypto';

export interface BreachCheckOptions {
  enabled: boolean;
  /** Range endpoint; the 5-character SHA-1 prefix is appended (k-anonymity). */
  url: string;
  timeoutMs: number;
}

/** Answers whether a password appears in a breach corpus; undefined when no answer could be had. */
export type BreachCheck = (password: string) => Promise<boolean | undefined>;

/**
 * The optional online check of SEC-AUTH-02 (Have I Been Pwned's range API shape): only the first
 * 5 hex characters of the password's SHA-1 leave the process, with padding requested so the
 * answer's size says nothing either. Off by default; when the service cannot be reached the
 * check abstains (the shipped list still applies) rather than blocking every signup.
 */
export function breachCheck(options: BreachCheckOptions, fetchImpl: typeof fetch = fetch): BreachCheck {
  return async (password) => {
    if (!options.enabled) return undefined;
    const digest = createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
    const prefix = digest.slice(0, 5);
    const suffix = digest.slice(5);
    try {
      const res = await fetchImpl(`${options.url}${prefix}`, {
        headers: { 'Add-Padding': 'true' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!res.ok) return undefined;
      const text = await res.text();
      return text.split('\n').some((line) => {
        const [candidate, count] = line.trim().split(':');
        return candidate === suffix && Number(count) > 0;
      });
    } catch {
      return undefined;
    }
  };
}
