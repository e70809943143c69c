import { hkdfSync } from 'node:crypto';
import { createChallenge, randomInt, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { Redis } from 'ioredis';
import {
  acceptedByEitherAsync,
  mapSecret,
  rotatingSecret,
  type RotatingSecret,
} from '../crypto/rotating-secret';
import type { CaptchaVerifier } from './captcha';

export interface AltchaOptions {
  /** The `altcha_hmac_key` secret file's content; during a rotation also `altcha_hmac_key_previous`. */
  secret: string | RotatingSecret<string>;
  /** Difficulty: the secret counter is drawn from [maxNumber / 2, maxNumber]; the solver counts up to it. */
  maxNumber: number;
  ttlSeconds: number;
  /** Remembers used challenges (single use). */
  redis: Redis;
  keyPrefix: string;
  /** Epoch milliseconds; tests pass an earlier clock to make an already expired challenge. */
  now?: () => number;
}

/** A challenge the platform hands out itself, then verifies as a CaptchaVerifier. */
export interface SelfHostedChallenge extends CaptchaVerifier {
  issue(): Promise<Challenge>;
}

const ALGORITHM = 'SHA-256';

function subkey(secret: string, purpose: 'signature' | 'key-signature'): string {
  return Buffer.from(
    hkdfSync('sha256', secret, 'travelhub-altcha', `travelhub/altcha/${purpose}/v1`, 32),
  ).toString('hex');
}

interface Payload {
  challenge: Challenge & { signature: string; parameters: { expiresAt: number } };
  solution: { counter: number; derivedKey: string };
}

/** The widget's answer: base64 of `{challenge, solution}`. Anything else is no solution. */
function parsePayload(token: string): Payload | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  const payload = value as Partial<Payload> | null;
  const challenge = payload?.challenge;
  const solution = payload?.solution;
  if (
    typeof challenge !== 'object' ||
    challenge === null ||
    typeof solution !== 'object' ||
    solution === null
  ) {
    return undefined;
  }
  if (typeof challenge.signature !== 'string' || typeof challenge.parameters !== 'object') return undefined;
  if (typeof challenge.parameters?.expiresAt !== 'number') return undefined;
  return payload as Payload;
}

/**
 * SEC-AUTH-04's default challenge: an altcha proof of work (altcha-lib v2, deterministic mode),
 * HMAC-signed with subkeys of the platform's own secret so it cannot be forged, expiring after
 * ttlSeconds, and accepted once: the first verified use of a signature claims it in Redis (SET NX
 * with the challenge's lifetime), so a replayed solution is refused. A Redis error propagates: the
 * caller fails closed. SEC-CFG-02: challenges are signed under the current key; during a rotation
 * those signed under the previous one verify too.
 */
export function altchaChallenge(options: AltchaOptions): SelfHostedChallenge {
  const keys = mapSecret(rotatingSecret(options.secret), (secret) => ({
    hmacSignatureSecret: subkey(secret, 'signature'),
    hmacKeySignatureSecret: subkey(secret, 'key-signature'),
  }));
  const now = options.now ?? (() => Date.now());
  return {
    issue() {
      return createChallenge({
        algorithm: ALGORITHM,
        cost: 1,
        counter: randomInt(options.maxNumber, Math.ceil(options.maxNumber / 2)),
        deriveKey,
        expiresAt: Math.floor(now() / 1000) + options.ttlSeconds,
        ...keys.current,
      });
    },
    async verify(token) {
      const payload = parsePayload(token);
      if (!payload) return false;
      if (payload.challenge.parameters.algorithm !== ALGORITHM) return false;
      if (payload.challenge.parameters.expiresAt * 1000 <= now()) return false;
      const verified = await acceptedByEitherAsync(keys, async (key) => {
        const result = await verifySolution({
          challenge: payload.challenge,
          solution: payload.solution,
          deriveKey,
          ...key,
        });
        return result.verified;
      });
      if (!verified) return false;
      const claimed = await options.redis.set(
        `${options.keyPrefix}altcha-used:${payload.challenge.signature}`,
        '1',
        'EX',
        options.ttlSeconds,
        'NX',
      );
      return claimed === 'OK';
    },
  };
}
