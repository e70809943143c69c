import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { config } from '../../lib/config';
import {
  decryptField,
  encryptField,
  Keyring,
  keyProviderFromConfig,
  KeyShreddedError,
} from '../../lib/crypto';
import { keyStoreBeside } from '../key-store-beside';
import type { MigrationContext } from '../migrator';

const USER_CIPHERTEXT = `'^v1\\.user\\.[1-9][0-9]{0,8}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]{22,}$'`;

/** Where the app's Booking model reads a note from: the associated data binds it there (SEC-DATA-01). */
const placeOf = (rowId: string) => ({ table: 'bookings', column: 'notes_encrypted', rowId });

/** The two columns this migration moves notes between; only these reach its SQL text. */
type NoteColumn = 'notes' | 'notes_encrypted';

interface NoteRow {
  id: string;
  user_id: string;
  value: string;
}

/**
 * The keyring a migration can reach: the process configuration's key provider (the local KEK
 * file; with aws-kms the CLI has no KMS client and this throws, saying so) over the owner
 * connection and the key store beside it (user keys, SEC-DATA-04). Built only when a row needs
 * it, so an empty table migrates without any key.
 */
function migrationKeyring(sequelize: Sequelize): Keyring {
  const keyStore = keyStoreBeside(sequelize, 'owner');
  return new Keyring({ provider: keyProviderFromConfig(config()), sequelize, keyStore });
}

/**
 * Rewrites every non-null `from` value into `to` with `convert`; a booker whose key was shredded
 * gets NULL (erasure already promised that note was gone). The key reads run on other
 * connections: they touch only user_keys (key store), data_keys and the shred list, never the
 * locked bookings table.
 */
async function convertNotes(
  sequelize: Sequelize,
  transaction: Transaction,
  from: NoteColumn,
  to: NoteColumn,
  convert: (keyring: Keyring, row: NoteRow) => Promise<string>,
): Promise<void> {
  const rows = await sequelize.query<NoteRow>(
    `SELECT id, user_id, ${from} AS value FROM bookings WHERE ${from} IS NOT NULL FOR UPDATE`,
    { type: QueryTypes.SELECT, transaction },
  );
  if (rows.length === 0) return;
  const keyring = migrationKeyring(sequelize);
  const converted = await Promise.all(
    rows.map((row) =>
      convert(keyring, row).catch((err: unknown) => {
        if (err instanceof KeyShreddedError) return null;
        throw err;
      }),
    ),
  ).finally(() => keyring.userKeys.sequelize.close());
  await sequelize.query(
    `UPDATE bookings b SET ${to} = c.value FROM unnest($1::uuid[], $2::text[]) AS c(id, value)
      WHERE b.id = c.id`,
    { bind: [rows.map((r) => r.id), converted], transaction },
  );
}

/**
 * SEC-DATA-01 / SEC-DATA-04 (issue 16): booking notes are free text a customer may fill with
 * personal data, so they move under the booker's own key beside the passengers, and erasure
 * shreds them. Existing notes are encrypted in place (the same AES-256-GCM field format, bound to
 * bookings.notes_encrypted and the row id); the clear column is dropped in the same transaction.
 * The CHECK refuses anything but a user-class ciphertext. The 2,000-character bound stays in the
 * service's validation (lib/text/plain-text.ts): the database can no longer read the length.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.transaction(async (transaction) => {
    await sequelize.query(
      `ALTER TABLE bookings ADD COLUMN notes_encrypted text CHECK (notes_encrypted ~ ${USER_CIPHERTEXT})`,
      { transaction },
    );
    await convertNotes(sequelize, transaction, 'notes', 'notes_encrypted', (keyring, row) =>
      encryptField(keyring, row.value, placeOf(row.id), { userId: row.user_id }),
    );
    await sequelize.query('ALTER TABLE bookings DROP COLUMN notes', { transaction });
  });
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.transaction(async (transaction) => {
    await sequelize.query('ALTER TABLE bookings ADD COLUMN notes text CHECK (char_length(notes) <= 2000)', {
      transaction,
    });
    await convertNotes(sequelize, transaction, 'notes_encrypted', 'notes', (keyring, row) =>
      decryptField(keyring, row.value, placeOf(row.id), { userId: row.user_id, expectedKeyClass: 'user' }),
    );
    await sequelize.query('ALTER TABLE bookings DROP COLUMN notes_encrypted', { transaction });
  });
}
