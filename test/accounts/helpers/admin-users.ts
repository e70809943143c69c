import type { AccountsDeps } from '../../../services/accounts';
import type { Role } from '../../../lib/rbac';
import { createCompany, createUser, enrolMfa, type TestUser } from './accounts-data';

export interface MfaUser extends TestUser {
  recoveryCodes: string[];
}

/**
 * A user of `role` with confirmed MFA (admin roles always have it). Over HTTP the tests prove
 * the second factor with recovery codes: a TOTP step used by enrolment cannot be used again
 * within the same 30 s, and these tests run on the real clock.
 */
export async function mfaUser(deps: AccountsDeps, role: Role, companyId?: string): Promise<MfaUser> {
  const company = companyId ?? (role.startsWith('BUSINESS') ? await createCompany(deps) : undefined);
  const user = await createUser(deps, { role, companyId: company });
  const { recoveryCodes } = await enrolMfa(deps, user);
  return { ...user, recoveryCodes };
}
