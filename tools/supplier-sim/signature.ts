import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { acceptedByEither, rotatingSecret, type RotatingSecret } from '../../lib/crypto/rotating-secret';

/**
 * The partner side of the signed-request scheme (SEC-SUP-01): HMAC-SHA256 with the supplier's
 * secret over `v1`, timestamp, nonce, method, path and the body's SHA-256. Stale timestamps and
 * reused nonces are refused, so a captured request cannot be replayed. SEC-CFG-02: while the shared
 * secret rotates, a request signed under the previous one is accepted too.
 */
export interface SignatureCheck {
  ok: boolean;
  reason?: 'missing' | 'malformed' | 'stale' | 'replayed' | 'mismatch';
}

export const REPLAY_WINDOW_SECONDS = 300;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

export class SignatureVerifier {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  verify(
    secret: string | RotatingSecret<string>,
    request: {
      method: string;
      path: string;
      body: Buffer;
      headers: Record<string, string | string[] | undefined>;
    },
  ): SignatureCheck {
    const timestamp = request.headers['x-supplier-timestamp'];
    const nonce = request.headers['x-supplier-nonce'];
    const signature = request.headers['x-supplier-signature'];
    if (typeof timestamp !== 'string' || typeof nonce !== 'string' || typeof signature !== 'string') {
      return { ok: false, reason: 'missing' };
    }
    const match = /^v1=([0-9a-f]{64})$/.exec(signature);
    if (!/^\d{1,12}$/.test(timestamp) || !NONCE.test(nonce) || !match)
      return { ok: false, reason: 'malformed' };
    const nowSeconds = Math.floor(this.now() / 1000);
    if (Math.abs(nowSeconds - Number(timestamp)) > REPLAY_WINDOW_SECONDS)
      return { ok: false, reason: 'stale' };
    const bodyHash = createHash('sha256').update(request.body).digest('hex');
    const canonical = ['v1', timestamp, nonce, request.method.toUpperCase(), request.path, bodyHash].join(
      '\n',
    );
    const given = Buffer.from(match[1]!, 'hex');
    const signed = acceptedByEither(rotatingSecret(secret), (value) =>
      timingSafeEqual(createHmac('sha256', value).update(canonical).digest(), given),
    );
    if (!signed) return { ok: false, reason: 'mismatch' };
    this.prune(nowSeconds);
    if (this.seen.has(nonce)) return { ok: false, reason: 'replayed' };
    this.seen.set(nonce, nowSeconds + REPLAY_WINDOW_SECONDS);
    return { ok: true };
  }

  private prune(nowSeconds: number) {
    if (this.seen.size < 10_000) return;
    for (const [nonce, until] of this.seen) if (until < nowSeconds) this.seen.delete(nonce);
  }
}
