import type { Logger } from '../../lib/logger';

/** Resolves when a dependency answers as it should; rejects (or never settles) otherwise. */
export type ReadinessCheck = (signal: AbortSignal) => Promise<void>;
export type ReadinessChecks = Readonly<Record<string, ReadinessCheck>>;

export type DependencyStatus = 'up' | 'down';

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, DependencyStatus>;
}

async function runCheck(
  name: string,
  check: ReadinessCheck,
  timeoutMs: number,
  log: Logger,
): Promise<DependencyStatus> {
  const signal = AbortSignal.timeout(timeoutMs);
  const timedOut = new Promise<never>((_, reject) => {
    signal.addEventListener(
      'abort',
      () => reject(new Error(`${name} did not answer within ${timeoutMs} ms`)),
      {
        once: true,
      },
    );
  });
  try {
    await Promise.race([check(signal), timedOut]);
    return 'up';
  } catch (err) {
    log.warn({ err, dependency: name }, 'readiness check failed');
    return 'down';
  }
}

/** Runs every check at once, each bounded by the timeout (SEC-RATE-03); failures are logged, not thrown. */
export async function checkReadiness(
  checks: ReadinessChecks,
  timeoutMs: number,
  log: Logger,
): Promise<ReadinessReport> {
  const names = Object.keys(checks);
  const statuses = await Promise.all(
    names.map((name) => runCheck(name, checks[name] as ReadinessCheck, timeoutMs, log)),
  );
  const report: ReadinessReport = { ready: true, checks: {} };
  names.forEach((name, i) => {
    const status = statuses[i] ?? 'down';
    report.checks[name] = status;
    if (status === 'down') report.ready = false;
  });
  return report;
}
