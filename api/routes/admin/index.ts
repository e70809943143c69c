import type { RouteDeclaration } from '../../routing';
import type { AccountsApi } from '../auth/accounts-api';
import type { RouteDeps } from '../deps';
import { auditEventsRoute } from './audit-events';
import { adminUserRoutes } from './users';

/** Administration of accounts and the audit log (admin/sessions.ts is listed by the sessions area). */
export function adminRoutes(deps: Pick<RouteDeps, 'accounts'>): RouteDeclaration[] {
  const api = deps.accounts as AccountsApi | undefined;
  return [...adminUserRoutes(api), auditEventsRoute(api)] as RouteDeclaration[];
}
