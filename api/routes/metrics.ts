import type { Registry } from 'prom-client';
import type { RouteDeclaration } from '../routing/route';

/**
 * Prometheus text format. Public at the HTTP layer like the probes; deployments keep it off the
 * public ingress (only the API port is exposed, and scrapers reach it inside the cluster).
 */
export function metricsRoute(registry: Registry): RouteDeclaration {
  return {
    method: 'GET',
    path: '/metrics',
    summary: 'Prometheus metrics: process defaults and HTTP request durations',
    permission: 'public',
    async handler(ctx) {
      ctx.type = registry.contentType;
      ctx.body = await registry.metrics();
    },
  };
}
