import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import { identityModels } from '../../db/models/identity';
import { createAuditWriter } from '../../lib/audit';
import { loadJwtKeySet } from '../../lib/auth/jwt-keys';
import type { Config } from '../../lib/config';
import { createSessionService } from '../../services/sessions';
import { loadSessionSecret, subkey } from '../../services/sessions/session-secret';

export interface Customer {
  id: string;
  /** A Bearer access token of a real session, as `POST /auth/login` would hand out. */
  accessToken: string;
}

/**
 * Starts a Bearer session for a USER through the platform's own session service (Redis under the
 * run's prefix, the stack's JWT key), as `POST /auth/login` would; answers its access token.
 */
export function customerSessions(
  config: Config,
  clients: { sequelize: Sequelize; redis: Redis },
  userAgent: string,
): (userId: string) => Promise<string> {
  const sessions = createSessionService({
    ...clients,
    audit: createAuditWriter(clients.sequelize),
    settings: config.sessions,
    keys: loadJwtKeySet(),
    deviceKey: subkey(loadSessionSecret(), 'device'),
  });
  return async (userId) => {
    const session = await sessions.startSession(
      { id: userId, role: 'USER' },
      { ip: '127.0.0.1', userAgent },
      'bearer',
    );
    return session.accessToken;
  };
}

/**
 * Customers seeded directly: a verified USER row each and a session started by the platform's
 * own session service (Redis under the run's prefix, the stack's JWT key), so the API sees
 * ordinary signed-in customers without 100 password hashes and verification emails.
 */
export async function seedCustomers(
  config: Config,
  clients: { sequelize: Sequelize; redis: Redis },
  count: number,
): Promise<Customer[]> {
  const { User } = identityModels(clients.sequelize);
  const startSession = customerSessions(config, clients, 'travelhub-crash-test');
  const customers: Customer[] = [];
  // A few at a time: the pool and a loaded machine are shared with the processes under test.
  for (let i = 0; i < count; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, async () => {
        const user = await User.create({
          role: 'USER',
          email: `crash.${randomUUID()}@example.test`,
          email_verified_at: new Date(),
        });
        return { id: user.id, accessToken: await startSession(user.id) };
      }),
    );
    customers.push(...batch);
  }
  return customers;
}
