/**
 * Fault injection, set per test through the control API. A rule applies only to requests that
 * carry its scope in `X-Sim-Scope`, so parallel test files never disturb each other.
 *
 * - latency: wait `ms` before answering
 * - slow_commit: wait `ms` between a hold's availability check and its write (inside the lock)
 * - error: answer `status` (default 503)
 * - hang: never answer (the client must time out)
 * - malformed: 200 with a body that is not JSON
 * - wrong_shape: 200 with JSON that is not the documented answer
 * - oversized: 200 with a body of several megabytes
 * - long_string: the first text field of the real answer becomes 5,000 characters
 * - markup: the first text field of the real answer gets an HTML/script payload
 * - lost_answer: the operation is applied, then the answer is lost (504): the platform's retry
 *   arrives as a duplicate (e.g. a duplicate confirmation) and must get the first answer
 */
export const FAULT_KINDS = [
  'latency',
  'slow_commit',
  'error',
  'hang',
  'malformed',
  'wrong_shape',
  'oversized',
  'long_string',
  'markup',
  'lost_answer',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export const ROUTES = ['feed', 'quote', 'hold', 'confirm', 'release', 'cancel', 'get'] as const;
export type Route = (typeof ROUTES)[number];

export interface FaultRule {
  scope: string;
  kind: FaultKind;
  supplier?: 'hotel' | 'flight';
  route?: Route;
  status?: number;
  ms?: number;
  /** How many matching requests it applies to; unlimited when absent. */
  times?: number;
}

export function parseRule(raw: unknown): FaultRule | string {
  if (typeof raw !== 'object' || raw === null) return 'a rule is an object';
  const r = raw as Record<string, unknown>;
  if (typeof r.scope !== 'string' || r.scope.length < 1 || r.scope.length > 100) return 'scope is required';
  if (!FAULT_KINDS.includes(r.kind as FaultKind)) return `kind is one of ${FAULT_KINDS.join(', ')}`;
  if (r.supplier !== undefined && r.supplier !== 'hotel' && r.supplier !== 'flight') return 'bad supplier';
  if (r.route !== undefined && !ROUTES.includes(r.route as Route))
    return `route is one of ${ROUTES.join(', ')}`;
  for (const n of ['status', 'ms', 'times'] as const) {
    if (
      r[n] !== undefined &&
      (!Number.isInteger(r[n]) || (r[n] as number) < 0 || (r[n] as number) > 600_000)
    ) {
      return `${n} must be a small non-negative integer`;
    }
  }
  return r as unknown as FaultRule;
}

export class Faults {
  private rules: FaultRule[] = [];

  add(rule: FaultRule) {
    this.rules.push({ ...rule });
  }

  clear(scope?: string) {
    this.rules = scope === undefined ? [] : this.rules.filter((r) => r.scope !== scope);
  }

  /** The rules that apply to this request, each counted once. */
  take(scope: string, supplier: string, route: Route): FaultRule[] {
    const matching = this.rules.filter(
      (r) =>
        r.scope === scope &&
        (r.supplier === undefined || r.supplier === supplier) &&
        (r.route === undefined || r.route === route) &&
        (r.times === undefined || r.times > 0),
    );
    for (const r of matching) if (r.times !== undefined) r.times -= 1;
    return matching;
  }
}

/**
 * The answer after body-rewriting faults: long strings or markup in the first free-text field
 * (a `name`, as in feed items), else in the first string of any kind (ids, codes).
 */
export function rewriteText(body: unknown, kind: 'long_string' | 'markup'): unknown {
  const rewrite = (value: string) =>
    kind === 'markup' ? `${value}<img src=x onerror=alert(1)>` : 'A'.repeat(5000);
  const pass = (wanted: (key: string | undefined) => boolean) => {
    let done = false;
    const visit = (value: unknown, key?: string): unknown => {
      if (done) return value;
      if (typeof value === 'string' && wanted(key)) {
        done = true;
        return rewrite(value);
      }
      if (Array.isArray(value)) return value.map((v) => visit(v));
      if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v, k)]));
      }
      return value;
    };
    const result = visit(body);
    return done ? result : undefined;
  };
  return pass((key) => key === 'name') ?? pass((key) => key !== 'status' && key !== 'currency') ?? body;
}
