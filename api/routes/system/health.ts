import * as yup from 'yup';
import { AppError } from '../../../lib/errors';
import type { Logger } from '../../../lib/logger';
import { checkReadiness, type ReadinessChecks, type ReadinessReport } from '../../readiness/readiness';
import { answer, defineRoute } from '../../routing';

const liveness = yup.object({
  status: yup
    .string()
    .oneOf(['ok'] as const)
    .required(),
});

export const livenessRoute = defineRoute({
  method: 'GET',
  path: '/healthz',
  summary: 'Liveness: the process is up and serving HTTP',
  description: 'Touches no dependency; answers as long as the process can serve requests.',
  tag: 'system',
  permission: 'public',
  responses: { 200: answer.json('The process is alive.', liveness, { status: 'ok' }) },
  handler(ctx) {
    ctx.body = { status: 'ok' };
  },
});

const dependencyStatus = yup
  .string()
  .oneOf(['up', 'down'] as const)
  .required();
const readiness = yup.object({
  status: yup
    .string()
    .oneOf(['ready'] as const)
    .required(),
  checks: yup
    .object({
      postgres: dependencyStatus,
      redis: dependencyStatus,
      temporal: dependencyStatus,
      opensearch: dependencyStatus,
    })
    .required(),
});

/**
 * GET /readyz asks every dependency for real. Concurrent probes share one run, so a burst of
 * anonymous calls cannot multiply the load on the data stores.
 */
export function readinessRoute(checks: ReadinessChecks, timeoutMs: number, log: Logger) {
  let running: Promise<ReadinessReport> | undefined;
  const shared = () => {
    running ??= checkReadiness(checks, timeoutMs, log).finally(() => {
      running = undefined;
    });
    return running;
  };
  return defineRoute({
    method: 'GET',
    path: '/readyz',
    summary: 'Readiness: Postgres, Redis, Temporal and OpenSearch all answer',
    description: 'Asks every dependency for real, each within the outbound timeout.',
    tag: 'system',
    permission: 'public',
    responses: {
      200: answer.json('Every dependency answered.', readiness, {
        status: 'ready',
        checks: { postgres: 'up', redis: 'up', temporal: 'up', opensearch: 'up' },
      }),
      503: answer.error(
        'A dependency did not answer: error_code NOT_READY, details.failed names it and details.checks ' +
          'gives every status. Or the request timed out (REQUEST_TIMEOUT).',
      ),
    },
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
  });
}
