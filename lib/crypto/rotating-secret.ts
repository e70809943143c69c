/**
 * SEC-CFG-02: a secret during its rotation. New tokens, signatures and fingerprints are made with
 * `current` only; verification accepts `current`, then `previous`. The overlap ends when the
 * operator removes the previous value (its `<name>_previous` secret file) and restarts, so a
 * secret rotates without refusing anything made just before the switch (docs/keys.md).
 */
export interface RotatingSecret<T> {
  readonly current: T;
  readonly previous?: T;
}

/** A plain value is a secret with no rotation under way. */
export function rotatingSecret<T>(value: T | RotatingSecret<T>): RotatingSecret<T> {
  return typeof value === 'object' && value !== null && 'current' in value
    ? (value as RotatingSecret<T>)
    : { current: value as T };
}

/** The values verification tries, in order: current first, then previous. */
export function verificationOrder<T>(secret: RotatingSecret<T>): T[] {
  return secret.previous === undefined ? [secret.current] : [secret.current, secret.previous];
}

/** Derives each value (a subkey, a fingerprint) under both secrets, keeping which is which. */
export function mapSecret<T, R>(secret: RotatingSecret<T>, derive: (value: T) => R): RotatingSecret<R> {
  return secret.previous === undefined
    ? { current: derive(secret.current) }
    : { current: derive(secret.current), previous: derive(secret.previous) };
}

/** The first result `verify` accepts (not undefined) under current, then previous; else undefined. */
export function firstAccepted<T, R>(
  secret: RotatingSecret<T>,
  verify: (value: T) => R | undefined,
): R | undefined {
  for (const value of verificationOrder(secret)) {
    const result = verify(value);
    if (result !== undefined) return result;
  }
  return undefined;
}

/** Whether an asynchronous `verify` accepts under current, then previous. */
export async function acceptedByEitherAsync<T>(
  secret: RotatingSecret<T>,
  verify: (value: T) => Promise<boolean>,
): Promise<boolean> {
  for (const value of verificationOrder(secret)) if (await verify(value)) return true;
  return false;
}

/** Whether `verify` accepts under current or previous. */
export function acceptedByEither<T>(secret: RotatingSecret<T>, verify: (value: T) => boolean): boolean {
  return firstAccepted(secret, (value) => (verify(value) ? true : undefined)) === true;
}
