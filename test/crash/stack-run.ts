import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { Redis } from 'ioredis';
import type { Sequelize } from 'sequelize';
import { attachKeyring } from '../../db/encrypted';
import { createRedis } from '../../lib/clients';
import { createSequelize } from '../../lib/clients/database';
import { createTemporalClient } from '../../lib/clients/temporal';
import type { Config } from '../../lib/config';
import { keyringFromConfig } from '../../lib/crypto';
import { createLogger } from '../../lib/logger';
import type { TestDatabase } from '../helpers/databases';
import type { CrashStack } from './crash-stack';

/** What a crash or fault run has made so far, so that its clean-up undoes exactly that. */
export interface StackRun {
  db?: TestDatabase;
  stack?: CrashStack;
  client?: Client;
  sequelize?: Sequelize;
  redis?: Redis;
}

/** The run's own connections to its stack's database (keyring attached), Redis and Temporal. */
export async function connectRun(
  run: StackRun,
  config: Config,
  serviceName: string,
): Promise<{ sequelize: Sequelize; redis: Redis; client: Client }> {
  const sequelize = (run.sequelize = createSequelize(config, 'app'));
  attachKeyring(sequelize, keyringFromConfig(config, sequelize));
  const redis = (run.redis = createRedis(config, createLogger({ serviceName, log: { level: 'error' } })));
  const client = (run.client = await createTemporalClient(config));
  return { sequelize, redis, client };
}

/** Stops the run's processes, closes its connections and drops its database (unless `keep`). */
export async function closeRun(run: StackRun, keep: boolean): Promise<void> {
  await run.stack?.stopAll().catch(() => undefined);
  await run.client?.connection.close().catch(() => undefined);
  run.redis?.disconnect();
  await run.sequelize?.close().catch(() => undefined);
  if (!keep) await run.db?.drop().catch(() => undefined);
}

export interface StackScript {
  /** As the messages name it: `crash test`, `fault test`. */
  name: string;
  /** The variable naming where its log directory goes (default the system's temporary directory). */
  logDirVariable: string;
  logDirPrefix: string;
  /** The run itself: 0 when every invariant held, 1 on any violation. */
  body(logDir: string): Promise<number>;
  cleanUp(): Promise<void>;
}

/**
 * Runs a crash or fault script and exits with its code: 2 when the run itself could not be made.
 * SIGTERM or SIGINT (the script's own timeout, an operator) cleans up and exits 2, so that no
 * process of the run outlives it.
 */
export async function runStackScript(script: StackScript): Promise<never> {
  const logDir = mkdtempSync(join(process.env[script.logDirVariable] ?? tmpdir(), script.logDirPrefix));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.error(`${script.name}: ${signal}, stopping its processes`);
    void script.cleanUp().finally(() => process.exit(2));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  let code = 2;
  try {
    code = await script.body(logDir);
  } catch (err) {
    console.error(`${script.name} could not run:`, err instanceof Error ? (err.stack ?? err.message) : err);
    console.error(`logs: ${logDir}`);
  } finally {
    await script.cleanUp();
  }
  process.exit(code);
}
