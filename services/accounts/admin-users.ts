import { Op } from 'sequelize';
import { assertCan, type Actor } from '../../lib/rbac';
import { accountDenialsAudited } from './account-denials';
import type { AccountsDeps, Origin } from './deps';

export interface AdminUserRow {
  id: string;
  role: string;
  companyId: string | null;
  emailVerified: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

export const MAX_USERS_PAGE = 100;

/**
 * PLATFORM_ADMIN's user list (`manage_users`), by id, `after` the previous page's last id. No
 * email or name: showing personal data is a reveal with its own permission and audit (SEC-DATA-03).
 */
export function listUsers(
  deps: AccountsDeps,
  actor: Actor,
  page: UsersPage,
  origin: Origin,
): Promise<{ users: AdminUserRow[]; nextCursor: string | null }> {
  const target = { action: 'admin.users.list', resource: { type: 'service', id: 'admin.users.list' } };
  return accountDenialsAudited(deps, actor, origin, target, () => pageOfUsers(deps, actor, page));
}

interface UsersPage {
  after?: string;
  limit?: number;
}

async function pageOfUsers(
  deps: AccountsDeps,
  actor: Actor,
  page: UsersPage,
): Promise<{ users: AdminUserRow[]; nextCursor: string | null }> {
  assertCan(actor, 'manage_users');
  const limit = Math.min(page.limit ?? 50, MAX_USERS_PAGE);
  const rows = await deps.models.User.findAll({
    where: page.after ? { id: { [Op.gt]: page.after } } : {},
    attributes: ['id', 'role', 'company_id', 'email_verified_at', 'locked_until', 'createdAt'],
    order: [['id', 'ASC']],
    limit: limit + 1,
  });
  const users = rows.slice(0, limit).map((u) => ({
    id: u.id,
    role: u.role,
    companyId: u.company_id,
    emailVerified: u.email_verified_at !== null,
    lockedUntil: u.locked_until ? u.locked_until.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
  }));
  return { users, nextCursor: rows.length > limit ? users.at(-1)!.id : null };
}
