import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Signs a supplier request (SEC-SUP-01): HMAC-SHA256 with the supplier's secret over `v1`, a
 * timestamp, a fresh nonce, method, path with query, and the body's SHA-256. The supplier refuses
 * stale timestamps and reused nonces, so a captured request cannot be replayed.
 */
export function signRequest(
  secret: string,
  request: { method: string; path: string; body: string },
  now: number = Date.now(),
): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  const nonce = randomBytes(16).toString('base64url');
  const bodyHash = createHash('sha256').update(request.body).digest('hex');
  const canonical = ['v1', timestamp, nonce, request.method.toUpperCase(), request.path, bodyHash].join('\n');
  const signature = createHmac('sha256', secret).update(canonical).digest('hex');
  return {
    'x-supplier-timestamp': timestamp,
    'x-supplier-nonce': nonce,
    'x-supplier-signature': `v1=${signature}`,
  };
}
