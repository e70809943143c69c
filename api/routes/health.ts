import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { checkReadiness, type ReadinessChecks, type ReadinessReport } from '../readiness/readiness';
import type { RouteDeclaration } from '../routing/route';

export const livenessRoute: RouteDeclaration = {
  method: 'GET',
  path: '/healthz',
  summary: 'Liveness: the process is up and serving HTTP',
  permission: 'public',
  handler(ctx) {
    ctx.body = { status: 'ok' };
  },
};

/**
 * GET /readyz asks every dependency for real. Concurrent probes share one run, so a burst of
 * anonymous calls cannot multiply the load on the data stores.
 */
export function readinessRoute(checks: ReadinessChecks, timeoutMs: number, log: Logger): RouteDeclaration {
  let running: Promise<ReadinessReport> | undefined;
  const shared = () => {
    running ??= checkReadiness(checks, timeoutMs, log).finally(() => {
      running = undefined;
    });
    return running;
  };
  return {
    method: 'GET',
    path: '/readyz',
    summary: 'Readiness: Postgres, Redis, Temporal and OpenSearch all answer',
    permission: 'public',
    async handler(ctx) {
      const report = await shared();
      if (!report.ready) {
        const failed = Object.keys(report.checks).filter((name) => report.checks[name] === 'down');
        throw new AppError(503, 'NOT_READY', `Not ready: ${failed.join(', ')} unavailable`, {
          failed,
          checks: report.checks,
        });
      }
      ctx.body = { status: 'ready', checks: report.checks };
    },
  };
}
