import { randomBytes, randomUUID } from 'node:crypto';
import { attachKeyring } from '../../../db/encrypted';
import { encryptedModels } from '../../../db/models/encrypted-models';
import { identityModels } from '../../../db/models/identity';
import { keyringFromConfig, type Keyring } from '../../../lib/crypto';
import { auditTestDb, rawQuery, type AuditTestDb } from '../../audit/helpers/audit-db';
import { tempKekDir, type TempSecrets } from '../../crypto/helpers/temp-kek';

/** Keyring options of every process in these tests: rotations seen at once, no grace to wait. */
export const NO_WAIT = { activeVersionTtlMs: 0, retireGraceMs: 0 };

export interface KeyRotationDb extends AuditTestDb {
  secrets: TempSecrets;
  keyring: Keyring;
  close(): Promise<void>;
}

/**
 * A private migrated database, a temporary KEK (SECRETS_DIR `secrets.dir`, for worker processes
 * too) and a keyring attached to its app connection, with every encrypted model initialized on it:
 * what the API reads through and what the rotation activities re-encrypt.
 */
export async function keyRotationDb(): Promise<KeyRotationDb> {
  const h = await auditTestDb();
  const secrets = tempKekDir();
  const keyring = keyringFromConfig(h.db.config, h.app, { ...NO_WAIT, env: { SECRETS_DIR: secrets.dir } });
  attachKeyring(h.app, keyring);
  encryptedModels(h.app);
  return {
    ...h,
    secrets,
    keyring,
    async close() {
      await h.close();
      secrets.remove();
    },
  };
}

/** Company invitations (email under the `pii` class key and a `blind_index` index); their emails. */
export async function plantInvitations(h: AuditTestDb, n: number): Promise<string[]> {
  const company = randomUUID();
  const inviter = randomUUID();
  await rawQuery(h.db, 'INSERT INTO companies (id, name) VALUES ($1, $2)', [company, 'Rotation Ltd']);
  await rawQuery(h.db, 'INSERT INTO users (id) VALUES ($1)', [inviter]);
  const { CompanyInvitation } = identityModels(h.app);
  const emails: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const email = `invitee${i}@rotation.example`;
    await CompanyInvitation.create({
      company_id: company,
      role: 'BUSINESS_USER',
      email,
      token_hash: randomBytes(32),
      invited_by: inviter,
      expires_at: new Date(Date.now() + 86_400_000),
    });
    emails.push(email);
  }
  return emails;
}

/** Outbox emails (recipient and payload under the `pii` class key); their recipients. */
export async function plantOutbox(h: AuditTestDb, n: number): Promise<string[]> {
  const { EmailOutbox } = identityModels(h.app);
  const recipients: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const recipient = `outbox${i}@rotation.example`;
    await EmailOutbox.create({ template: 'welcome', recipient, payload: JSON.stringify({ n: i }) });
    recipients.push(recipient);
  }
  return recipients;
}

/** Customer profiles (Stripe id under `payment`, email indexed under `blind_index`, name per-user). */
export async function plantProfiles(h: AuditTestDb, n: number): Promise<string[]> {
  const { CustomerProfile } = identityModels(h.app);
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const stripe = `cus_rotation${i}`;
    await CustomerProfile.create({
      user_id: randomUUID(),
      full_name: `Person ${i}`,
      email: `person${i}@rotation.example`,
      stripe_customer_id: stripe,
    });
    ids.push(stripe);
  }
  return ids;
}

/** The key version each raw value of `table.column` names (`v1.<class>.<n>.…` or, for an index, `<n>.…`). */
export async function versionsIn(h: AuditTestDb, table: string, column: string): Promise<number[]> {
  const rows = await rawQuery<{ v: string | null }>(h.db, `SELECT ${column} AS v FROM ${table} ORDER BY id`);
  return rows.map(({ v }) => {
    const parts = (v ?? '').split('.');
    return Number(v?.startsWith('v1.') ? parts[2] : parts[0]);
  });
}

/** The raw values of `table.column`, by row id. */
export async function rawColumn(
  h: AuditTestDb,
  table: string,
  column: string,
): Promise<Record<string, string>> {
  const rows = await rawQuery<{ id: string; v: string }>(h.db, `SELECT id, ${column} AS v FROM ${table}`);
  return Object.fromEntries(rows.map((r) => [r.id, r.v]));
}

/** `data_keys` of a class: version → status. */
export async function keyStatuses(h: AuditTestDb, dataClass: string): Promise<Record<number, string>> {
  const rows = await rawQuery<{ version: number; status: string }>(
    h.db,
    'SELECT version, status FROM data_keys WHERE data_class = $1 ORDER BY version',
    [dataClass],
  );
  return Object.fromEntries(rows.map((r) => [r.version, r.status]));
}

/** The `key.rotated` / `key.retired` events of the log: type, outcome and details. */
export async function keyEvents(h: AuditTestDb) {
  const rows = await rawQuery<{ event_type: string; canonical: string }>(
    h.db,
    `SELECT event_type, canonical FROM audit_events WHERE event_type IN ('key.rotated', 'key.retired') ORDER BY sequence`,
  );
  return rows.map((r) => {
    const { outcome, details } = JSON.parse(r.canonical) as {
      outcome: string;
      details: Record<string, unknown>;
    };
    return { type: r.event_type, outcome, details };
  });
}

/**
 * Reads through the models (as the API does) in a loop until stopped; every read must decrypt
 * and answer the planted values. Answers the number of reads and the failures seen.
 */
export function readWhileRotating(read: () => Promise<unknown>, expected: unknown) {
  let stop = false;
  const failures: string[] = [];
  let reads = 0;
  const done = (async () => {
    do {
      try {
        const got = await read();
        if (JSON.stringify(got) !== JSON.stringify(expected)) failures.push(`read ${JSON.stringify(got)}`);
      } catch (err) {
        failures.push(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
      }
      reads += 1;
    } while (!stop);
  })();
  return {
    async stop() {
      stop = true;
      await done;
      return { reads, failures };
    },
  };
}
