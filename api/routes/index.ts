import { openApiDocument } from '../openapi/document';
import type { OpenApiDocument } from '../openapi/types';
import type { RouteDeclaration } from '../routing';
import type { RouteDeps } from './deps';
import { adminRoutes } from './admin';
import { authRoutes } from './auth';
import { bookingRoutes } from './bookings';
import { temporalCodecRoutes } from './temporal-codec';
import { companyRoutes } from './companies';
import { searchRoutes } from './search';
import { sessionRoutes } from './sessions';
import { systemRoutes } from './system';
import { userRoutes } from './users';
import { webhookRoutes } from './webhooks';

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
    ...authRoutes(areas),
    ...userRoutes(areas),
    ...companyRoutes(areas),
    ...adminRoutes(areas),
    ...webhookRoutes(areas),
    ...bookingRoutes(areas),
    ...temporalCodecRoutes(areas),
    ...searchRoutes(areas),
  ];
  areas.openApi(); // built now, so a route without a success answer stops the start, not a request
  return routes;
}
