import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import type { Config } from '../../lib/config';
import { customerSessions, type Customer } from '../crash/customers';
import type { LoginUser } from './load';

/** Accounts the load signs in with, made through the API's own signup (a login needs no verified email). */
export async function signUpLoginUsers(apiUrl: string, count: number): Promise<LoginUser[]> {
  const users: LoginUser[] = [];
  for (let i = 0; i < count; i += 1) {
    const user = {
      email: `fault.${randomBytes(6).toString('hex')}@example.test`,
      password: `correct horse ${randomBytes(12).toString('base64url')}`,
    };
    const res = await fetch(`${apiUrl}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Session-Mode': 'bearer' },
      body: JSON.stringify({ ...user, fullName: 'Fault Tester' }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`signup answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
    users.push(user);
  }
  return users;
}

/**
 * What a customer does after Redis lost every session (it keeps nothing across a restart): sign in
 * again. Done through the platform's session service, as seedCustomers started the first one.
 */
export function sessionRenewer(config: Config, clients: { sequelize: Sequelize; redis: Redis }) {
  const startSession = customerSessions(config, clients, 'travelhub-fault-test');
  return async (customer: Customer): Promise<void> => {
    customer.accessToken = await startSession(customer.id);
  };
}
