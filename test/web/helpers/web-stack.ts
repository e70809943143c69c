import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createOpenSearch } from '../../../lib/clients';
import { config } from '../../../lib/config';
import { dropSearchIndices } from '../../../services/search';
import { buildFrameAssets } from '../../../tools/card-frame/bundle';
import { startCardFrame, type CardFrame } from '../../../tools/card-frame/server';
import { buildWebApp } from '../../../tools/web-build/build';
import { AppProcess, type AppName } from '../../crash/app-process';
import { waitForApi } from '../../crash/readiness';
import { freshDatabase, type TestDatabase } from '../../helpers/databases';
import { freePort } from '../../helpers/free-port';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy';

const ROOT = join(__dirname, '..', '..', '..');
const PLATFORM: AppName[] = ['api', 'bookings', 'payments', 'suppliers', 'notify', 'maintenance'];

/** Search indices of the run's own, filled by one inventory sync as scripts/up.sh fills the stack's. */
async function fillSearchIndices(env: NodeJS.ProcessEnv): Promise<void> {
  const tool = join(ROOT, 'tools', 'search-index', 'main.ts');
  for (const step of ['ensure', 'sync']) {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', tool, step], { env, cwd: ROOT });
  }
}

async function dropIndices(prefix: string): Promise<void> {
  const client = createOpenSearch(config());
  try {
    await dropSearchIndices(client, prefix);
  } finally {
    await client.close();
  }
}

export interface WebStack {
  /** The web app's (and API's public) origin: the recording proxy. */
  url: string;
  proxy: RecordingProxy;
  frame: CardFrame;
  /** The platform processes' environment (private database, queues), for operator tools. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through scripts/with-env.sh`);
  return value;
}

/**
 * The platform as a browser meets it: the web app built from web/, the API and the booking,
 * payments, suppliers and notify workers as processes of their own (as scripts/start-app.sh runs
 * them; a private database, task queues under a random suffix, sessions under a random Redis
 * prefix), behind a recording proxy that is their public origin, and a card frame of the
 * project's service (tools/card-frame) whose only allowed parent is that origin. Postgres, Redis,
 * Temporal, OpenSearch, localstripe, the supplier simulator and the SMTP sink are the stack's.
 */
export async function startWebStack(): Promise<WebStack> {
  await buildWebApp();
  const db: TestDatabase = await freshDatabase();
  const proxy = await startRecordingProxy();
  const frame = await startCardFrame({
    host: '127.0.0.1',
    port: 0,
    origin: null,
    allowedParents: new Set([proxy.origin]),
    provider: {
      url: required('LOCALSTRIPE_URL'),
      secretKey: readFileSync(join(required('SECRETS_DIR'), 'card_frame_stripe_key'), 'utf8').trim(),
      publishableKey: 'pk_test_card_frame',
    },
    assets: await buildFrameAssets(),
    log: () => {},
  });
  const suffix = `web-${randomBytes(4).toString('hex')}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.config.database.url,
    DATABASE_ADMIN_URL: db.config.database.adminUrl,
    TEMPORAL_TASK_QUEUE_SUFFIX: suffix,
    API_PORT: String(port),
    API_METRICS_PORT: '0',
    API_PUBLIC_URL: proxy.origin,
    CARD_FRAME_ORIGIN: frame.origin,
    SESSION_REDIS_PREFIX: `th:${suffix}:sess:`,
    SEARCH_INDEX_PREFIX: `w${suffix.slice(4)}`,
    // Every browser of the run comes from this machine's one address, shared with other test
    // files: the per-IP limits are not what this test is about.
    RATE_LIMIT_GLOBAL_PER_IP: '100000/60',
    RATE_LIMIT_SIGNUP_PER_IP: '100000/3600',
    RATE_LIMIT_LOGIN_PER_IP: '100000/900',
    RATE_LIMIT_SEARCH: '100000/60',
    LOG_LEVEL: 'warn',
  };
  const logDir = mkdtempSync(join(tmpdir(), 'th-web-'));
  const procs = PLATFORM.map((name) => new AppProcess(name, ROOT, env, logDir));
  const close = async () => {
    await Promise.all(procs.map((p) => p.stop('SIGTERM', 15_000)));
    await frame.close();
    await proxy.close();
    await db.drop().catch(() => undefined);
    await dropIndices(env.SEARCH_INDEX_PREFIX!).catch(() => undefined);
  };
  try {
    for (const p of procs) p.start();
    const apiUrl = `http://127.0.0.1:${port}`;
    await waitForApi(apiUrl, procs[0]!, Date.now() + 90_000);
    await fillSearchIndices(env);
    proxy.forwardTo(apiUrl);
  } catch (err) {
    await close();
    throw err;
  }
  return { url: proxy.origin, proxy, frame, env, close };
}
