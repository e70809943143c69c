import test from 'ava';
import { randomUUID } from 'node:crypto';
import { CustomerProfile } from '../../db/models/customer-profile';
import { dumpEveryTable, encodings } from '../helpers/plaintext-at-rest';
import { cryptoDatabase, type CryptoDatabase } from './helpers/crypto-database';

let env: CryptoDatabase;
test.before(async () => {
  env = await cryptoDatabase();
});
test.after.always(async () => {
  await env?.close();
});

test('SEC-DATA-05 raw rows in Postgres hold no plaintext, base64 or hex of any protected field', async (t) => {
  const protectedValues = {
    full_name: 'Augusta Ada King-Noel',
    phone: '+447700900461',
    email: 'Augusta.Byron@Example.org',
    date_of_birth: '1815-12-10',
    passport_number: 'K7Q9Z3M2P',
    stripe_customer_id: 'cus_Qx7RmZ2kLp9',
  };
  const userId = randomUUID();
  // Written through the model over the app role connection (DML only), like the API does.
  const created = await CustomerProfile.create({ user_id: userId, ...protectedValues });
  const updated = (await CustomerProfile.findByPk(created.id))!;
  updated.passport_number = 'R4T8W1N6B';
  await updated.save();
  await CustomerProfile.bulkCreate([
    { user_id: randomUUID(), full_name: 'Charles Babbage', passport_number: 'B5B5B5B5B' },
  ]);
  const secrets = [...Object.values(protectedValues), 'R4T8W1N6B', 'Charles Babbage', 'B5B5B5B5B'];

  // Every table of the database, every column, as the Postgres superuser sees them.
  const dump = await dumpEveryTable(env.db.name);
  const profiles = dump.find((d) => d.table_name === 'customer_profiles')!;
  t.truthy(profiles);
  t.true(profiles.content.includes(created.id), 'the dump does contain the rows');
  t.regex(profiles.content, /v1\.user\.1\./);
  for (const secret of secrets) {
    for (const form of encodings(secret)) {
      for (const { table_name, content } of dump) {
        t.false(content.includes(form), `${table_name} contains ${form} (a form of a protected value)`);
      }
    }
  }
  // The key tables hold wrapped keys only; the app connection's reads give ciphertext too.
  const viaApp = await CustomerProfile.findAll({ where: { user_id: userId }, raw: true });
  t.false(JSON.stringify(viaApp).includes(protectedValues.full_name));
});
