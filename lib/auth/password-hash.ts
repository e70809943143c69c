import { randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum, which isolatedModules cannot inline: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;
const PHC_PREFIX = '$argon2id$';

export interface Argon2Params {
  memoryKiB: number;
  timeCost: number;
  parallelism: number;
}

export interface PasswordHasher {
  readonly params: Readonly<Argon2Params>;
  /** A fresh Argon2id PHC string with a random 16-byte salt. */
  hash(password: string): Promise<string>;
  /** False for a wrong password and for anything that is not an Argon2id hash. */
  verify(passwordHash: string, password: string): Promise<boolean>;
  /**
   * Verifies against a hash of a random secret with the same parameters, so an unknown account
   * costs the same time as a known one (SEC-AUTH-03). Always false.
   */
  verifyDummy(password: string): Promise<false>;
}

/** SEC-AUTH-01: Argon2id with the configured cost (at least 19 MiB, t=2, enforced by lib/config). */
export function passwordHasher(params: Argon2Params): PasswordHasher {
  const options = {
    algorithm: ARGON2ID,
    memoryCost: params.memoryKiB,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
  };
  let dummy: Promise<string> | undefined;
  const safeVerify = async (passwordHash: string, password: string) => {
    if (!passwordHash.startsWith(PHC_PREFIX)) return false;
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  };
  return {
    params: Object.freeze({ ...params }),
    hash: (password) => hash(password, options),
    verify: safeVerify,
    async verifyDummy(password) {
      dummy ??= hash(randomBytes(32).toString('base64url'), options);
      await safeVerify(await dummy, password);
      return false;
    },
  };
}
