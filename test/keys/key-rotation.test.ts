import { setTimeout as sleep } from 'node:timers/promises';
import test, { type ExecutionContext } from 'ava';
import { createKeyRotationActivities } from '../../activities/keys/key-rotation-activities';
import { findAllByBlindIndex } from '../../db/encrypted';
import { identityModels } from '../../db/models/identity';
import type { DataClass } from '../../lib/crypto';
import { startKeyRotation } from '../../tools/keys/start-rotation';
import type { KeyRotationSummary } from '../../workflows/maintenance-pool';
import { superuserClient } from '../helpers/databases';
import { startMaintenanceWorker, type MaintenanceHarness } from '../helpers/maintenance-worker';
import {
  keyEvents,
  keyRotationDb,
  keyStatuses,
  plantInvitations,
  plantOutbox,
  plantProfiles,
  rawColumn,
  readWhileRotating,
  versionsIn,
  type KeyRotationDb,
} from './helpers/key-rotation-db';
import { runKeysTool } from './helpers/run-keys-tool';

// Each data class is rotated by the workflow tools/keys starts, on an in-process maintenance
// worker, while a loop reads the class's rows through the models as the API does. Small batches
// (2 rows, 1 batch per activity, 2 activities per run) make a handful of rows take several
// activities and several continued-as-new runs.
const LIMITS = { batchSize: 2, batchesPerActivity: 1, activitiesPerRun: 2 };

let h: KeyRotationDb;
let m: MaintenanceHarness;
test.before(async () => {
  h = await keyRotationDb();
  m = await startMaintenanceWorker(createKeyRotationActivities({ sequelize: h.app }));
});
test.after.always(async () => {
  await m?.stop();
  await h?.close();
});

async function run(dataClass: DataClass, command: 'rotate' | 'finish'): Promise<KeyRotationSummary> {
  const { workflowId, started } = await startKeyRotation(m.client, {
    dataClass,
    command,
    queues: m.queues,
    limits: LIMITS,
    prefix: `test-${m.run}`,
  });
  if (!started) throw new Error(`${workflowId} was already running`);
  return m.client.workflow.getHandle(workflowId).result();
}

/**
 * Runs the commands (as tools/keys does) while reading; checks the reads, that version 1 ends
 * retired and 2 active, and the audit events. Answers the summaries.
 */
async function rotateWhileReading(
  t: ExecutionContext,
  dataClass: DataClass,
  commands: ('rotate' | 'finish')[],
  read: () => Promise<unknown>,
  expected: unknown,
): Promise<KeyRotationSummary[]> {
  const reader = readWhileRotating(read, expected);
  const summaries: KeyRotationSummary[] = [];
  try {
    for (const command of commands) summaries.push(await run(dataClass, command));
  } finally {
    const { reads, failures } = await reader.stop();
    t.deepEqual(failures, [], 'every read during the rotation answered the planted values');
    t.true(reads > 0);
  }
  t.like(summaries[0], { dataClass, fromVersion: 1, toVersion: 2 });
  t.true(summaries[0]!.runs > 1, 'the history was bounded: the run continued as new');
  t.deepEqual(summaries.at(-1)!.retired, [1]);
  t.deepEqual(await keyStatuses(h, dataClass), { 1: 'retired', 2: 'active' });
  const events = (await keyEvents(h)).filter((e) => e.details.keyClass === dataClass);
  t.deepEqual(events, [
    {
      type: 'key.rotated',
      outcome: 'success',
      details: { keyClass: dataClass, fromVersion: 1, toVersion: 2 },
    },
    { type: 'key.retired', outcome: 'success', details: { keyClass: dataClass, version: 1 } },
  ]);
  t.deepEqual(await read(), expected, 'read after the retirement');
  return summaries;
}

test.serial(
  'SEC-DATA-02 rotating the pii class re-encrypts every row to the new version and retires the old one while reads answer',
  async (t) => {
    t.timeout(180_000);
    const emails = await plantInvitations(h, 3);
    const recipients = await plantOutbox(h, 4);
    const { CompanyInvitation, EmailOutbox } = identityModels(h.app);
    const read = async () => ({
      emails: (await CompanyInvitation.findAll()).map((r) => r.email).sort(),
      recipients: (await EmailOutbox.findAll()).map((r) => r.recipient).sort(),
    });
    const expected = { emails: [...emails].sort(), recipients: [...recipients].sort() };
    t.deepEqual(await versionsIn(h, 'email_outbox', 'recipient_encrypted'), [1, 1, 1, 1]);

    // pii: `rotate` re-encrypts but leaves version 1 retiring (Temporal histories), `finish` retires it.
    const [rotated, finished] = await rotateWhileReading(t, 'pii', ['rotate', 'finish'], read, expected);
    t.like(rotated, { retired: [], leftRetiring: [1], rows: 7 }, 'each row re-encrypted once');
    t.like(finished, { retired: [1], leftRetiring: [], rows: 0 });
    t.deepEqual(await versionsIn(h, 'company_invitations', 'email_encrypted'), [2, 2, 2]);
    t.deepEqual(await versionsIn(h, 'email_outbox', 'recipient_encrypted'), [2, 2, 2, 2]);
    t.deepEqual(await versionsIn(h, 'email_outbox', 'payload_encrypted'), [2, 2, 2, 2]);
    // Another class's key is untouched: the blind indexes stay under blind_index version 1.
    t.deepEqual(await versionsIn(h, 'company_invitations', 'email_bidx'), [1, 1, 1]);
  },
);

test.serial(
  'SEC-DATA-02 rotating the payment class re-encrypts every Stripe id and retires the old version while reads answer; per-user fields untouched',
  async (t) => {
    t.timeout(180_000);
    const stripeIds = await plantProfiles(h, 5);
    const names = await rawColumn(h, 'customer_profiles', 'full_name_encrypted');
    const { CustomerProfile } = identityModels(h.app);
    const read = async () => (await CustomerProfile.findAll()).map((r) => r.stripe_customer_id).sort();

    const [summary] = await rotateWhileReading(t, 'payment', ['rotate'], read, [...stripeIds].sort());
    t.like(summary, { rows: 5, leftRetiring: [] });
    t.deepEqual(await versionsIn(h, 'customer_profiles', 'stripe_customer_id_encrypted'), [2, 2, 2, 2, 2]);
    // Saving a row writes its per-user ciphertexts again (new nonces) but never moves them off the user key.
    const after = await rawColumn(h, 'customer_profiles', 'full_name_encrypted');
    t.true(Object.values(after).every((v) => v.startsWith('v1.user.1.')));
    t.deepEqual(Object.keys(after).sort(), Object.keys(names).sort());
  },
);

test.serial(
  'SEC-DATA-02 rotating the blind_index class re-indexes every row and retires the old key while lookups answer',
  async (t) => {
    t.timeout(180_000);
    const { CustomerProfile, CompanyInvitation } = identityModels(h.app);
    const read = async () => ({
      profile: (await findAllByBlindIndex(CustomerProfile, 'email', 'Person3@Rotation.example')).map(
        (r) => r.stripe_customer_id,
      ),
      invitation: (await findAllByBlindIndex(CompanyInvitation, 'email', 'invitee1@rotation.example')).length,
    });
    await rotateWhileReading(t, 'blind_index', ['rotate'], read, {
      profile: ['cus_rotation3'],
      invitation: 1,
    });
    t.deepEqual(await versionsIn(h, 'customer_profiles', 'email_bidx'), [2, 2, 2, 2, 2]);
    t.deepEqual(await versionsIn(h, 'company_invitations', 'email_bidx'), [2, 2, 2]);
  },
);

test.serial(
  'SEC-DATA-02 the workflow retires an old version only once no row uses it: a row skipped while locked keeps it until re-encrypted',
  async (t) => {
    t.timeout(180_000);
    // Runs after the payment test: version 2 is active, the profiles use it.
    const lock = await superuserClient(h.db.name);
    t.teardown(() => lock.end().catch(() => undefined));
    await lock.query('BEGIN');
    const { rows: locked } = await lock.query<{ id: string }>(
      'SELECT id FROM customer_profiles ORDER BY id LIMIT 1 FOR UPDATE',
    );
    t.is(locked.length, 1);

    const rotation = run('payment', 'rotate');
    let refused: Awaited<ReturnType<typeof keyEvents>> = [];
    for (let i = 0; i < 600 && refused.length === 0; i += 1) {
      refused = (await keyEvents(h)).filter((e) => e.type === 'key.retired' && e.details.version === 2);
      if (refused.length === 0) await sleep(100);
    }
    t.like(refused, [{ outcome: 'failure', details: { keyClass: 'payment', version: 2, reason: 'in_use' } }]);
    t.deepEqual(await keyStatuses(h, 'payment'), { 1: 'retired', 2: 'retiring', 3: 'active' });
    await lock.query('ROLLBACK');

    const summary = await rotation;
    t.like(summary, { fromVersion: 2, toVersion: 3, retired: [2] });
    t.deepEqual(await versionsIn(h, 'customer_profiles', 'stripe_customer_id_encrypted'), [3, 3, 3, 3, 3]);
    t.deepEqual(await keyStatuses(h, 'payment'), { 1: 'retired', 2: 'retired', 3: 'active' });
    const retiredEvents = (await keyEvents(h)).filter(
      (e) => e.type === 'key.retired' && e.details.version === 2,
    );
    t.deepEqual(
      retiredEvents.map((e) => e.outcome),
      ['failure', 'success'],
    );
  },
);

test.serial(
  'SEC-DATA-02 the operator command tools/keys rotates a data class and waits for the workflow',
  async (t) => {
    t.timeout(120_000);
    // Runs after the blind_index test: version 2 is active.
    const { code, stdout, stderr } = await runKeysTool([
      'rotate',
      'blind_index',
      '--wait',
      '--prefix',
      `test-${m.run}`,
      '--queue-suffix',
      `m${m.run}`,
    ]);
    t.is(code, 0, stderr);
    const [started, summary] = stdout.trim().split('\n');
    t.is(started, `started test-${m.run}-key-rotation-blind_index`);
    t.like(JSON.parse(summary!), { dataClass: 'blind_index', fromVersion: 2, toVersion: 3, retired: [2] });
    t.deepEqual(await versionsIn(h, 'customer_profiles', 'email_bidx'), [3, 3, 3, 3, 3]);
    t.deepEqual(await keyStatuses(h, 'blind_index'), { 1: 'retired', 2: 'retired', 3: 'active' });

    const bad = await runKeysTool(['rotate', 'user']);
    t.is(bad.code, 2);
    t.regex(bad.stderr, /usage: .*<rotate\|finish> <pii\|payment\|blind_index>/);
  },
);
