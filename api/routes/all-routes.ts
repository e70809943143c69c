import { openApiDocument } from '../openapi/document';
import type { OpenApiDocument } from '../openapi/types';
import type { RouteDeclaration } from '../routing';
import type { RouteDeps } from './deps';
import { accountRoutes } from './accounts/routes';
import { auditRoutes } from './audit/routes';
import { bookingRoutes } from './bookings/routes';
import { privacyRoutes } from './privacy/routes';
import { reconciliationRoutes } from './reconciliation/routes';
import { refundRoutes } from './refunds/routes';
import { reviewRoutes } from './reviews/routes';
import { temporalCodecRoutes } from './temporal-codec/routes';
import { searchRoutes } from './search/routes';
import { sessionRoutes } from './sessions/routes';
import { systemRoutes } from './system/routes';
import { webhookRoutes } from './webhooks/routes';
import { webAppRoutes } from './web/routes';

export type { RouteDeps } from './deps';

/**
 * Every route of the API: each area contributes its own list, one line here. The OpenAPI document
 * is generated from exactly this list (test/api/openapi.test.ts holds router and document equal).
 */
export function apiRoutes(deps: Omit<RouteDeps, 'openApi'>): RouteDeclaration[] {
  let document: OpenApiDocument | undefined;
  const areas: RouteDeps = {
    ...deps,
    openApi: () => (document ??= openApiDocument(routes, deps.config.api.publicUrl)),
  };
  const routes: RouteDeclaration[] = [
    ...systemRoutes(areas),
    ...sessionRoutes(areas),
    ...accountRoutes(areas),
    ...auditRoutes(areas),
    ...webhookRoutes(areas),
    ...bookingRoutes(areas),
    ...refundRoutes(areas),
    ...reviewRoutes(areas),
    ...privacyRoutes(areas),
    ...reconciliationRoutes(areas),
    ...temporalCodecRoutes(areas),
    ...searchRoutes(areas),
    ...webAppRoutes(areas),
  ];
  areas.openApi(); // built now, so a route without a success answer stops the start, not a request
  return routes;
}
