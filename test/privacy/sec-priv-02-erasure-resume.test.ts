import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import { QueryTypes } from 'sequelize';
import { createErasureActivities } from '../../activities/privacy/erasure-activities';
import { keyringOf } from '../../db/encrypted';
import type { AccountErasureInput } from '../../services/privacy/erasure-contract';
import { erasureWorkflowId } from '../../services/privacy/erasure-contract';
import { createUser } from '../accounts/helpers/accounts-data';
import { superuserClient } from '../helpers/databases';
import { startWorkers } from '../helpers/temporal-workers';
import { erasureWorld, plantTrip } from './helpers/erasure-world';

/**
 * SEC-PRIV-02 "resumable after a worker kill": the erasure's steps run in a worker process of
 * their own, SIGKILLed while the third step (bookings' anonymisation) is blocked on a booking row
 * the test holds; a second worker finishes the erasure once the heartbeat timeout (10 s) has
 * declared the first dead. The workflow itself runs on the world's in-process worker.
 */
const world = erasureWorld('priv02-resume');
const { app } = world;

async function stepsWorker(queue: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'helpers', 'erasure-worker-process.ts')],
    {
      env: {
        ...process.env,
        ERASURE_TASK_QUEUE: queue,
        ERASURE_DATABASE: JSON.stringify({
          url: app.db.config.database.url,
          adminUrl: app.db.config.database.adminUrl,
        }),
        ERASURE_SESSION_PREFIX: `${app.keyPrefix}sess:`,
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`erasure worker exited (${String(code)}) before it was ready`);
  });
  await Promise.race([once(lines, 'line'), exited]);
  return child;
}

const one = async <T extends object>(sql: string, bind: unknown[]) =>
  (await app.sequelize.query<T>(sql, { bind, type: QueryTypes.SELECT }))[0]!;
/** The user's wrapped key in the key store (SEC-DATA-04: not in the main database). */
const wrappedKeyOf = async (userId: string) =>
  (
    await keyringOf(app.sequelize).userKeys.sequelize.query<{ wrapped_key: unknown }>(
      'SELECT wrapped_key FROM user_keys WHERE user_id = $1',
      { bind: [userId], type: QueryTypes.SELECT },
    )
  )[0]!.wrapped_key;

test.serial(
  'SEC-PRIV-02 an erasure whose worker is killed mid-way (during the bookings step) is completed by a second worker, each step once in effect',
  async (t) => {
    t.timeout(180_000);
    const user = await createUser(app.deps);
    await app.bearerLogin(user.email, user.password);
    const trip = await plantTrip(app.sequelize, user.id);
    await app.sequelize.query('UPDATE users SET deletion_requested_at = now() WHERE id = $1', {
      bind: [user.id],
    });

    const lock = await superuserClient(app.db.name);
    const children: ChildProcess[] = [];
    t.teardown(async () => {
      for (const child of children) child.kill('SIGKILL');
      await lock.end().catch(() => undefined);
    });
    await lock.query('BEGIN');
    await lock.query('SELECT 1 FROM bookings WHERE id = $1 FOR UPDATE', [trip.bookingId]);

    const stepsQueue = `${world.queues.maintenance}-steps`;
    children.push(await stepsWorker(stepsQueue));
    const input: AccountErasureInput = {
      userId: user.id,
      graceSeconds: 1,
      taskQueues: { maintenance: stepsQueue },
    };
    const handle = await world.workers.client.workflow.start('accountErasureWorkflow', {
      taskQueue: world.queues.maintenance,
      workflowId: erasureWorkflowId(user.id),
      workflowExecutionTimeout: '3 minutes',
      args: [input],
    });
    let blocked = 0;
    for (let i = 0; i < 600 && blocked === 0; i += 1) {
      await sleep(50);
      await lock.query('SELECT pg_stat_clear_snapshot()'); // a transaction otherwise sees one snapshot
      const { rows } = await lock.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      blocked = Number(rows[0]!.n);
    }
    const { raw } = await handle.describe();
    t.is(blocked, 1, 'the bookings step waits on the held row');
    t.is(raw.pendingActivities?.[0]?.activityType?.name, 'erasureAnonymiseRecords');
    t.is(
      (await one<{ n: string }>('SELECT count(*) AS n FROM refresh_tokens WHERE user_id = $1', [user.id])).n,
      '0',
    );
    t.not(await wrappedKeyOf(user.id), null, 'the key is not shredded yet');

    children[0]!.kill('SIGKILL');
    t.is(((await once(children[0]!, 'exit')) as [number | null, string | null])[1], 'SIGKILL');
    await lock.query('ROLLBACK');

    const second = await startWorkers({
      config: app.db.config,
      logLevel: 'error',
      workers: [
        { pool: 'maintenance', taskQueue: stepsQueue, activities: createErasureActivities(world.steps) },
      ],
    });
    t.teardown(() => second.stop());
    const result = await handle.result();
    t.is(result.status, 'erased');

    const booking = await one<Record<string, unknown>>(
      'SELECT status, amount_minor, currency, notes_encrypted FROM bookings WHERE id = $1',
      [trip.bookingId],
    );
    t.like(booking, { status: 'CONFIRMED', currency: 'EUR', notes_encrypted: null });
    t.is(Number(booking.amount_minor), 123_45);
    t.is(
      (await one<{ n: string }>('SELECT count(*) AS n FROM booking_passengers WHERE user_id = $1', [user.id]))
        .n,
      '0',
    );
    t.is(await wrappedKeyOf(user.id), null);
    t.like(await one('SELECT email_encrypted, pseudonym FROM users WHERE id = $1', [user.id]), {
      email_encrypted: null,
      pseudonym: result.pseudonym,
    });
    t.is(
      (
        await one<{ n: string }>(
          "SELECT count(*) AS n FROM audit_events WHERE event_type = 'account.erased' AND resource_id = $1",
          [user.id],
        )
      ).n,
      '1',
      'erased once',
    );
    const history = await handle.fetchHistory();
    const retried = (history.events ?? []).some(
      (e) => (e.activityTaskStartedEventAttributes?.attempt ?? 0) >= 2,
    );
    t.true(retried, 'the killed step was retried by the second worker');
  },
);
