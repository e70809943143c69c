import type { MigrationContext } from '../migrator';

/**
 * SEC-SESS-06: the device/network pairs a user has signed in from, so a new one can be noticed.
 * The fingerprint is HMAC-SHA256 (session secret) over the device label and the network prefix
 * (IPv4 /24, IPv6 /48): no address or User-Agent is stored here.
 */
export async function up({ sequelize }: MigrationContext) {
  await sequelize.query(`
    CREATE TABLE known_devices (
      user_id uuid NOT NULL,
      fingerprint bytea NOT NULL CHECK (octet_length(fingerprint) = 32),
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, fingerprint)
    );
  `);
}

export async function down({ sequelize }: MigrationContext) {
  await sequelize.query('DROP TABLE IF EXISTS known_devices');
}
