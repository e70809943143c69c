import type { RouteDeclaration } from '../../routing';
import type { RouteDeps } from '../deps';
import { stripeWebhookRoute } from './stripe';

/** Inbound webhooks from external systems, each authenticated by its own signature. */
export function webhookRoutes(deps: Pick<RouteDeps, 'webhooks' | 'metrics'>): RouteDeclaration[] {
  return [stripeWebhookRoute(deps.webhooks?.stripe, deps.metrics)] as RouteDeclaration[];
}
