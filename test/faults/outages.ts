import { isCorrect, isProper503, KINDS, type Answer, type Kind } from './answers';
import type { Dependency } from './services';

/** One dependency taken away: stopped (then started) or paused (then resumed). */
export interface Outage {
  dependency: Dependency;
  mode: 'stopped' | 'paused';
  startedAt: number;
  /** When the service was healthy again (start returned) or resumed (SIGCONT). */
  backAt?: number;
  /** When the test moved on: recovered, or the recovery bound passed. */
  endedAt?: number;
  /** Signed-in customers may have lost their sessions: Redis keeps nothing across a restart. */
  sessionsMayBeLost: boolean;
}

export interface OutageFigures {
  outage: Outage;
  answers: number;
  byStatus: Record<string, number>;
  worstMs: number;
  /** From back to the first correct answer of every kind the outage had spoilt; null: not within the bound. */
  recoverySeconds: number | null;
  violations: string[];
}

/** Anything that is neither the request done nor a proper 503 in time (issue 20.2). */
export interface Bounds {
  requestTimeoutMs: number;
  /**
   * How long a request may wait for dependencies: twice the longest deadline of one (a request
   * meets a hung dependency at most twice before its breaker opens). Shorter than the request
   * timeout, so a request that only the request timeout ended is caught too.
   */
  dependencyBudgetMs: number;
}

export function answerViolation(answer: Answer, bounds: Bounds, sessionsMayBeLost: boolean): string | null {
  const what = `${answer.kind} at ${new Date(answer.sentAt).toISOString()}`;
  if (answer.status === 0) return `${what}: no answer (${answer.failure})`;
  if (answer.ms > bounds.requestTimeoutMs + 1_000)
    return `${what}: answered after ${answer.ms} ms, past the request timeout`;
  if (answer.ms > bounds.dependencyBudgetMs)
    return `${what}: answered ${answer.status} after ${answer.ms} ms, longer than the dependency deadlines allow`;
  if (answer.status === 503)
    return isProper503(answer) ? null : `${what}: 503 without the error body or Retry-After`;
  if (answer.status >= 500) return `${what}: ${answer.status} ${answer.code ?? ''}`;
  if (isCorrect(answer, sessionsMayBeLost)) return null;
  return `${what}: unexpected ${answer.status} ${answer.code ?? ''}`;
}

/** Seconds from `backAt` until every spoilt kind answered correctly again; null when one has not. */
export function recoverySeconds(outage: Outage, answers: Answer[], now = Date.now()): number | null {
  const { startedAt, backAt } = outage;
  if (backAt === undefined) return null;
  const during = answers.filter((a) => a.sentAt >= startedAt && a.sentAt < backAt);
  const spoilt = new Set<Kind>(
    during.filter((a) => !isCorrect(a, outage.sessionsMayBeLost)).map((a) => a.kind),
  );
  let latest = backAt;
  for (const kind of spoilt) {
    const first = answers.find(
      (a) =>
        a.kind === kind &&
        a.sentAt >= backAt &&
        a.sentAt + a.ms <= now &&
        isCorrect(a, outage.sessionsMayBeLost),
    );
    if (!first) return null;
    latest = Math.max(latest, first.sentAt + first.ms);
  }
  return (latest - backAt) / 1000;
}

export function outageFigures(
  outage: Outage,
  answers: Answer[],
  bounds: Bounds,
  recoveryBoundSeconds: number,
): OutageFigures {
  const end = outage.endedAt ?? Date.now();
  const mine = answers.filter((a) => a.sentAt >= outage.startedAt && a.sentAt < end);
  const byStatus: Record<string, number> = {};
  for (const a of mine) byStatus[String(a.status)] = (byStatus[String(a.status)] ?? 0) + 1;
  const violations = mine.flatMap((a) => answerViolation(a, bounds, outage.sessionsMayBeLost) ?? []);
  const recovery = recoverySeconds(outage, answers, end);
  if (recovery === null || recovery > recoveryBoundSeconds)
    violations.push(`not recovered within ${recoveryBoundSeconds} s of coming back`);
  return {
    outage,
    answers: mine.length,
    byStatus,
    worstMs: Math.max(0, ...mine.map((a) => a.ms)),
    recoverySeconds: recovery,
    violations,
  };
}

/** Answers outside every outage: all must be correct (a 503 there is counted, and allowed). */
export function quietFigures(outages: Outage[], answers: Answer[], bounds: Bounds) {
  const inOutage = (a: Answer) =>
    outages.some((o) => a.sentAt >= o.startedAt && a.sentAt < (o.endedAt ?? Infinity));
  const quiet = answers.filter((a) => !inOutage(a));
  const lost = (a: Answer) => outages.some((o) => o.sessionsMayBeLost && a.sentAt >= o.startedAt);
  return {
    answers: quiet.length,
    unavailable: quiet.filter((a) => a.status === 503).length,
    byKind: Object.fromEntries(KINDS.map((k) => [k, quiet.filter((a) => a.kind === k).length])),
    violations: quiet.flatMap((a) => answerViolation(a, bounds, lost(a)) ?? []),
  };
}
