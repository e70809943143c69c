import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { generate } from 'otplib';
import { findOneByBlindIndex } from '../../../db/encrypted';
import type { AccountsDeps } from '../../../services/accounts';
import { confirmMfaEnrolment, signup, startMfaEnrolment } from '../../../services/accounts';
import type { Role } from '../../../lib/rbac';

export const ORIGIN = { ip: '203.0.113.10', userAgent: 'ava' };

/** A fresh address no other test uses. */
export function newEmail(what = 'user'): string {
  return `${what}.${randomBytes(5).toString('hex')}@example.test`;
}

/**
 * A password that passes the policy for any of these tests' names and emails. Its random part is
 * digits only: hex could spell a name part ("Ada" in 0ada12…), which the policy refuses
 * (SEC-AUTH-02), and a test would then fail by chance, about once in 400 signups.
 */
export function strongPassword(): string {
  return `correct horse ${randomInt(1e11, 1e12)} staple`;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  companyId?: string;
  totpSecret?: string;
}

/** Signs up through the service and, as the admin tests need, sets role and company directly. */
export async function createUser(
  deps: AccountsDeps,
  options: { role?: Role; companyId?: string; verified?: boolean } = {},
): Promise<TestUser> {
  const email = newEmail(options.role?.toLowerCase() ?? 'user');
  const password = strongPassword();
  await signup(deps, { email, password, fullName: 'Test Person' }, ORIGIN);
  const found = await findOneByBlindIndex(deps.models.User, 'email', email);
  if (!found) throw new Error('signup created no user');
  const role = options.role ?? 'USER';
  await deps.models.User.update(
    {
      role,
      company_id: options.companyId ?? null,
      email_verified_at: options.verified === false ? null : deps.now(),
    },
    { where: { id: found.id } },
  );
  return { id: found.id, email, password, role, companyId: options.companyId };
}

/** A TOTP code for `secret` at the deps clock, `stepOffset` steps away. */
export function totpCode(deps: AccountsDeps, secret: string, stepOffset = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(deps.now().getTime() / 1000) + stepOffset * 30 });
}

/** Enrols and confirms TOTP for the user through the services; returns the secret and recovery codes. */
export async function enrolMfa(
  deps: AccountsDeps,
  user: TestUser,
): Promise<{ secret: string; recoveryCodes: string[] }> {
  const actor = { id: user.id, role: user.role, companyId: user.companyId, sessionId: randomUUID() };
  const { secret } = await startMfaEnrolment(deps, actor);
  const { recoveryCodes } = await confirmMfaEnrolment(deps, actor, await totpCode(deps, secret), ORIGIN);
  user.totpSecret = secret;
  return { secret, recoveryCodes };
}

export async function createCompany(deps: AccountsDeps, name = 'Acme Travel'): Promise<string> {
  const company = await deps.models.Company.create({ name });
  return company.id;
}
