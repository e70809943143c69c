/** The answer of one limiter for one request. Times are whole seconds, rounded up. */
export interface LimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  windowSeconds: number;
  /** Seconds until a slot frees up again; also the Retry-After of a refusal. */
  resetSeconds: number;
  /** The first refusal for this key in this window: the one that raises the audit event. */
  firstBreach: boolean;
}

export function secondsFromMs(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
