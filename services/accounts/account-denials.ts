import { auditingDenials } from '../../lib/audit';
import type { Actor } from '../../lib/rbac';
import type { AccountsDeps, Origin } from './deps';

/**
 * Runs an administration service call so that its own refusals (403, or the 404 for another
 * company's object) are audited as `authz.access_denied` with actor, origin and target (SEC-LOG-03).
 */
export function accountDenialsAudited<T>(
  deps: Pick<AccountsDeps, 'audit' | 'logger'>,
  actor: Actor,
  origin: Origin,
  target: { action: string; resource: { type: string; id: string } },
  work: () => Promise<T>,
): Promise<T> {
  return auditingDenials(
    { audit: deps.audit, actor, origin, resource: target.resource, action: target.action, log: deps.logger },
    work,
  );
}
