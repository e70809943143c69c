import { randomUUID } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { attachKeyring } from '../../../db/encrypted';
import { bookingModels } from '../../../db/models/booking-models';
import { identityModels } from '../../../db/models/identity';
import { createSequelize } from '../../../lib/clients/database';
import { keyringFromConfig, type Keyring } from '../../../lib/crypto';
import type { Actor } from '../../../lib/rbac';
import { freshDatabase, type TestDatabase } from '../../helpers/databases';
import { flightBooking } from './booking-body';

/** A private migrated database as the app role, its keyring attached: what the accept path writes to. */
export interface AcceptPathDb {
  db: TestDatabase;
  sequelize: Sequelize;
  keyring: Keyring;
  models: ReturnType<typeof bookingModels>;
  /** A new verified USER whose email starts with `emailPrefix`. */
  booker(emailPrefix: string): Promise<Actor>;
  close(): Promise<void>;
}

export async function openAcceptPathDb(): Promise<AcceptPathDb> {
  const db = await freshDatabase();
  const sequelize = createSequelize(db.config, 'app');
  const keyring = keyringFromConfig(db.config, sequelize);
  attachKeyring(sequelize, keyring);
  return {
    db,
    sequelize,
    keyring,
    models: bookingModels(sequelize),
    async booker(emailPrefix) {
      const user = await identityModels(sequelize).User.create({
        role: 'USER',
        email: `${emailPrefix}${randomUUID()}@example.test`,
        email_verified_at: new Date(),
      });
      return { id: user.id, role: 'USER' };
    },
    async close() {
      await sequelize.close();
      await db.drop();
    },
  };
}

/** A fixed flight nine days out; the accept path takes it as given (no supplier is asked). */
const fixedFlight = {
  id: 'FL123456',
  origin: 'SYD',
  destination: 'NAN',
  departureAt: new Date(Date.now() + 9 * 86_400_000).toISOString(),
  fareMinor: 24_990,
  currency: 'EUR',
  seatsLeft: 5,
};

/** A new booking body for the fixed flight, paid with a PaymentMethod id nobody charges. */
export const fixedFlightBooking = () =>
  flightBooking(fixedFlight as Parameters<typeof flightBooking>[0], 'pm_card123');
