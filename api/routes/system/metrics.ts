import type { Registry } from 'prom-client';
import { answer, defineRoute } from '../../routing';

/**
 * Prometheus text format. Served only by the internal metrics listener (api/internal-app.ts), never
 * on the API's port: process and route details do not face the internet.
 */
export function metricsRoute(registry: Registry) {
  return defineRoute({
    method: 'GET',
    path: '/metrics',
    summary: 'Prometheus metrics: process defaults and HTTP request durations',
    tag: 'system',
    permission: 'public',
    responses: { 200: answer.media('Metrics in the Prometheus text exposition format.', 'text/plain') },
    async handler(ctx) {
      ctx.type = registry.contentType;
      ctx.body = await registry.metrics();
    },
  });
}
