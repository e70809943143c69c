import test from 'ava';
import { randomUUID } from 'node:crypto';
import { DataTypes, Model } from 'sequelize';
import { EncryptedAttributeMisuseError } from '../../db/encrypted';
import { CustomerProfile } from '../../db/models/customer-profile';
import { superuserClient } from '../helpers/databases';
import { cryptoDatabase, type CryptoDatabase } from './helpers/crypto-database';

/** A plain model that reaches encrypted rows through an association. */
class Trip extends Model {
  declare id: string;
  declare profile_id: string;
  declare name: string;
  declare profile?: CustomerProfile;
}

let env: CryptoDatabase;
test.before(async () => {
  env = await cryptoDatabase();
  const su = await superuserClient(env.db.name);
  try {
    await su.query(`
      CREATE TABLE test_trips (id uuid PRIMARY KEY, profile_id uuid NOT NULL, name text NOT NULL);
      GRANT SELECT, INSERT ON test_trips TO travelhub_app;
    `);
  } finally {
    await su.end();
  }
  Trip.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      profile_id: { type: DataTypes.UUID, allowNull: false },
      name: { type: DataTypes.TEXT, allowNull: false },
    },
    { sequelize: env.sequelize, tableName: 'test_trips', timestamps: false },
  );
  Trip.belongsTo(CustomerProfile, { foreignKey: 'profile_id', as: 'profile' });
});
test.after.always(async () => {
  await env?.close();
});

async function tripWithProfile() {
  const profile = await CustomerProfile.create({
    user_id: randomUUID(),
    full_name: 'Ada Lovelace',
    email: 'ada@example.com',
  });
  const trip = await Trip.create({ profile_id: profile.id, name: 'Lisbon' });
  return { profile, trip };
}

test('SEC-DATA-01 encrypted rows loaded through another model are decrypted', async (t) => {
  const { trip } = await tripWithProfile();
  const found = await Trip.findByPk(trip.id, { include: [{ model: CustomerProfile, as: 'profile' }] });
  t.is(found?.profile?.full_name, 'Ada Lovelace');
  t.is(found?.profile?.email, 'ada@example.com');
  const narrow = await Trip.findByPk(trip.id, {
    include: [{ model: CustomerProfile, as: 'profile', attributes: ['full_name'] }],
  });
  t.is(narrow?.profile?.full_name, 'Ada Lovelace');
});

test('SEC-DATA-01 filtering included encrypted rows on an encrypted attribute is refused', async (t) => {
  await tripWithProfile();
  await t.throwsAsync(
    Trip.findAll({
      include: [{ model: CustomerProfile, as: 'profile', where: { email: 'ada@example.com' } }],
    }),
    { instanceOf: EncryptedAttributeMisuseError },
  );
  await t.throwsAsync(
    Trip.findAll({
      where: { '$profile.full_name$': 'Ada Lovelace' },
      include: [{ model: CustomerProfile, as: 'profile' }],
    }),
    { instanceOf: EncryptedAttributeMisuseError },
  );
});
