import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type HttpDurationLabels = 'method' | 'route' | 'status';
export type WebhookEventLabels = 'source' | 'outcome';
/** accepted: acted on; duplicate: an id already processed, answered 200 and not acted on (SEC-PAY-03). */
export type WebhookOutcome = 'accepted' | 'duplicate' | 'refused';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<HttpDurationLabels>;
  webhookEvents: Counter<WebhookEventLabels>;
}

/** A registry per app (not prom-client's global one), so tests can build many apps in one process. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const webhookEvents = new Counter({
    name: 'travelhub_webhook_events_total',
    help: 'Inbound webhook deliveries by sender and outcome (accepted, duplicate, refused)',
    labelNames: ['source', 'outcome'],
    registers: [registry],
  });
  return { registry, httpDuration, webhookEvents };
}
