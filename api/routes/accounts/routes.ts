import type { RouteDeclaration } from '../../routing';
import type { RouteDeps } from '../deps';
import type { AccountsApi } from './accounts-api';
import { adminUserRoutes } from './admin-users';
import { companyRoutes } from './companies';
import { loginRoute } from './login';
import { loginChallengeRoute } from './login-challenge';
import { userRoutes } from './me';
import { mfaRoutes } from './mfa';
import { passwordResetRoutes } from './password-reset';
import { signinPageRoutes } from './signin-page';
import { signupRoutes } from './signup';

/**
 * Accounts (services/accounts): sign-up, login, MFA and reset (SEC-AUTH-01..07), the caller's own
 * account, companies and the administration of users. Refresh, logout and CSRF are the sessions area's.
 */
export function accountRoutes(deps: Pick<RouteDeps, 'accounts' | 'sessions'>): RouteDeclaration[] {
  return [
    loginRoute(deps.accounts, deps.sessions),
    loginChallengeRoute(deps.accounts),
    ...signupRoutes(deps.accounts),
    ...passwordResetRoutes(deps.accounts),
    ...mfaRoutes(deps.accounts),
    ...signinPageRoutes(),
    ...userRoutes(deps),
    ...companyRoutes(deps),
    ...adminUserRoutes(deps.accounts as AccountsApi | undefined),
  ] as RouteDeclaration[];
}
