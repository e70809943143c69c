import type { RouteDeclaration } from '../../routing';
import type { RouteDeps } from '../deps';
import { loginRoute } from './login';
import { mfaRoutes } from './mfa';
import { passwordResetRoutes } from './password-reset';
import { signinPageRoutes } from './signin-page';
import { signupRoutes } from './signup';

/** Accounts' auth routes (SEC-AUTH-01..07); refresh, logout and csrf are the sessions area's. */
export function authRoutes(deps: Pick<RouteDeps, 'accounts' | 'sessions'>): RouteDeclaration[] {
  return [
    loginRoute(deps.accounts, deps.sessions),
    ...signupRoutes(deps.accounts),
    ...passwordResetRoutes(deps.accounts),
    ...mfaRoutes(deps.accounts),
    ...signinPageRoutes(),
  ] as RouteDeclaration[];
}
