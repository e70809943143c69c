import test from 'ava';
import { randomUUID } from 'node:crypto';
import { reencryptRowsUsingKey } from '../../db/encrypted';
import { bulkUpdateById } from '../../db/encrypted/bulk-update-by-id';
import { CustomerProfile } from '../../db/models/customer-profile';
import { encryptField, parseFieldCiphertext } from '../../lib/crypto';
import { cryptoDatabase, type CryptoDatabase } from './helpers/crypto-database';

const OPERATOR = { system: 'test-reencrypt-batch' };
const COLUMN = 'stripe_customer_id_encrypted';

// Rotation changes the database's active payment version: these tests run one at a time.
let env: CryptoDatabase;
test.before(async () => {
  env = await cryptoDatabase({ activeVersionTtlMs: 0, retireGraceMs: 0 });
});
test.after.always(async () => {
  await env?.close();
});

const ciphertextOf = async (id: string) =>
  (await CustomerProfile.findByPk(id))!.getDataValue(COLUMN as never) as string;

test.serial(
  'SEC-DATA-02 a re-encryption batch writes every row its own ciphertext, bound to its row, in one UPDATE',
  async (t) => {
    const before = (await env.keyring.activeKey('payment')).version;
    const names = ['cus_b1', 'cus_b2', 'cus_b3', 'cus_b4'];
    const rows = await Promise.all(
      names.map((id) => CustomerProfile.create({ user_id: randomUUID(), stripe_customer_id: id })),
    );
    const after = await env.keyring.rotate('payment', OPERATOR);
    const updates: string[] = [];
    // Sequelize reads its `logging` option at every query: it sees each statement sent.
    const options = (env.sequelize as unknown as { options: { logging: unknown } }).options;
    const logging = options.logging;
    options.logging = (sql: string) => {
      if (/^Executing \([^)]*\): UPDATE /.test(sql)) updates.push(sql);
    };
    try {
      t.is(await reencryptRowsUsingKey(CustomerProfile, 'payment', before, 10), 4);
    } finally {
      options.logging = logging;
    }
    t.is(updates.length, 1, 'one UPDATE for the batch');
    for (const [i, row] of rows.entries()) {
      const read = (await CustomerProfile.findByPk(row.id))!;
      // Decryption checks the associated data (table, column, row id): a value written to another
      // row would not decrypt.
      t.is(read.stripe_customer_id, names[i]!);
      t.is(parseFieldCiphertext(read.getDataValue(COLUMN as never) as string).version, after);
    }
  },
);

test.serial(
  'SEC-DATA-02 the batch write leaves alone a row that no longer holds the value re-encryption read',
  async (t) => {
    const [stale, current] = await Promise.all(
      ['cus_s1', 'cus_s2'].map((id) =>
        CustomerProfile.create({ user_id: randomUUID(), stripe_customer_id: id }),
      ),
    );
    const readBefore = await ciphertextOf(stale!.id);
    // A writer changes the row after re-encryption read it (it writes under the newest key).
    await stale!.update({ stripe_customer_id: 'cus_written_meanwhile' });
    const written = await ciphertextOf(stale!.id);
    const currentValue = await ciphertextOf(current!.id);

    const next = (id: string, value: string) =>
      encryptField(
        env.keyring,
        value,
        { table: 'customer_profiles', column: COLUMN, rowId: id },
        {
          dataClass: 'payment',
        },
      );
    const count = await env.sequelize.transaction(async (transaction) =>
      bulkUpdateById(
        CustomerProfile,
        'id',
        [COLUMN],
        [
          {
            id: stale!.id,
            expected: { [COLUMN]: readBefore },
            next: { [COLUMN]: await next(stale!.id, 'cus_overwritten') },
          },
          {
            id: current!.id,
            expected: { [COLUMN]: currentValue },
            next: { [COLUMN]: await next(current!.id, 'cus_s2_rewritten') },
          },
        ],
        transaction,
      ),
    );
    t.is(count, 1);
    t.is(await ciphertextOf(stale!.id), written, "the writer's value is kept");
    t.is((await CustomerProfile.findByPk(stale!.id))!.stripe_customer_id, 'cus_written_meanwhile');
    t.is((await CustomerProfile.findByPk(current!.id))!.stripe_customer_id, 'cus_s2_rewritten');
  },
);
