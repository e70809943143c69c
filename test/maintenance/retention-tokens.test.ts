import test from 'ava';
import { rawQuery } from '../audit/helpers/audit-db';
import { activityQueues } from '../helpers/maintenance-worker';
import {
  accountTokenPurgeWorkflow,
  refreshTokenPurgeWorkflow,
  softDeletedAccountPurgeWorkflow,
} from '../../workflows/maintenance-pool';
import { useHarness } from '../helpers/use-harness';
import { retentionEvents, retentionHarness, type RetentionHarness } from './helpers/retention-harness';
import { DAY_MS, plantAccountToken, plantRefreshToken, plantUser } from './helpers/retention-rows';

// The run's clock comes from the input: years after the real one, so nothing here waits and
// nothing depends on when the test runs. Rows sit a minute or more either side of each cutoff.
const NOW = Date.parse('2030-06-15T12:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW + offsetMs);
const MINUTE = 60_000;

let r: RetentionHarness;
useHarness(retentionHarness, (harness) => (r = harness));

const families = async () =>
  (
    await rawQuery<{ family_id: string }>(r.h.db, 'SELECT family_id FROM refresh_tokens ORDER BY family_id')
  ).map((row) => row.family_id);
const accountTokens = async () =>
  (await rawQuery<{ id: string }>(r.h.db, 'SELECT id FROM account_tokens ORDER BY id')).map((row) => row.id);

test.serial(
  'SEC-PRIV-03 expired sessions: the refresh-token purge removes exactly the families expired at the run clock, in batches, keeps the live ones and audits retention.applied',
  async (t) => {
    const user = await plantUser(r.h.db);
    for (const offset of [-MINUTE, -DAY_MS, -30 * DAY_MS]) await plantRefreshToken(r.h.db, user, at(offset));
    const live = [
      await plantRefreshToken(r.h.db, user, at(MINUTE)),
      await plantRefreshToken(r.h.db, user, at(7 * DAY_MS)),
    ];

    const handle = await r.start(refreshTokenPurgeWorkflow, 'sessions', NOW);
    t.deepEqual(await handle.result(), {
      rule: 'expired-sessions',
      cutoff: at(0).toISOString(),
      purged: 3,
      anonymised: 0,
      compressed: 0,
      batches: 2,
      more: false,
    });
    t.deepEqual(await families(), live.sort(), 'exactly the live families remain');
    t.deepEqual(await activityQueues(handle), [r.m.queues.maintenance, r.m.queues.maintenance]);
    t.like((await retentionEvents(r.h)).at(-1), {
      rule: 'expired-sessions',
      details: { rule: 'expired-sessions', cutoff: at(0).toISOString(), purged: 3, batches: 2 },
    });
  },
);

test.serial(
  'SEC-PRIV-03 reset tokens: the account-token purge removes exactly the expired reset and verification tokens, spent or not, keeps the unexpired and audits retention.applied',
  async (t) => {
    const user = await plantUser(r.h.db);
    await plantAccountToken(r.h.db, user, 'reset_password', at(-MINUTE));
    await plantAccountToken(r.h.db, user, 'reset_password', at(-2 * DAY_MS), true);
    await plantAccountToken(r.h.db, user, 'verify_email', at(-3 * DAY_MS));
    const live = [
      await plantAccountToken(r.h.db, user, 'reset_password', at(MINUTE)),
      await plantAccountToken(r.h.db, user, 'reset_password', at(10 * MINUTE), true),
      await plantAccountToken(r.h.db, user, 'verify_email', at(DAY_MS)),
    ];

    const handle = await r.start(accountTokenPurgeWorkflow, 'reset-tokens', NOW);
    t.like(await handle.result(), {
      rule: 'reset-tokens',
      cutoff: at(0).toISOString(),
      purged: 3,
      batches: 2,
    });
    t.deepEqual(await accountTokens(), live.sort(), 'exactly the unexpired tokens remain');
    t.like((await retentionEvents(r.h)).at(-1), {
      rule: 'reset-tokens',
      details: { cutoff: at(0).toISOString(), purged: 3 },
    });
    // Again at the same clock: nothing left to purge, and the run still reports itself.
    t.like(await (await r.start(accountTokenPurgeWorkflow, 'reset-tokens-again', NOW)).result(), {
      purged: 0,
      batches: 1,
    });
    t.deepEqual(await accountTokens(), live.sort());
  },
);

test.serial(
  'SEC-PRIV-03 soft-deleted accounts: without a batch plugged in (erasure is, on the maintenance worker: test/privacy) the 30-day purge runs, purges nothing and audits that it ran with its cutoff',
  async (t) => {
    const before = await rawQuery<{ n: number }>(r.h.db, 'SELECT count(*)::int AS n FROM users');
    const handle = await r.start(softDeletedAccountPurgeWorkflow, 'accounts', NOW);
    const cutoff = at(-30 * DAY_MS).toISOString();
    t.like(await handle.result(), { rule: 'soft-deleted-accounts', cutoff, purged: 0, batches: 1 });
    t.deepEqual(await rawQuery<{ n: number }>(r.h.db, 'SELECT count(*)::int AS n FROM users'), before);
    t.like((await retentionEvents(r.h)).at(-1), {
      rule: 'soft-deleted-accounts',
      details: { cutoff, purged: 0 },
    });
  },
);
