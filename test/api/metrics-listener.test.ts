import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import test from 'ava';
import { createInternalApp } from '../../api/internal-app';
import { closeGracefully, listen } from '../../api/listen';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { startApiApp, type ApiApp } from '../helpers/api-app';
import { httpRequest } from '../helpers/http-request';
import { LogCapture } from '../helpers/log-capture';

let api: ApiApp;
let internal: Server;
let internalUrl: string;
test.before(async () => {
  api = await startApiApp();
  const logger = createLogger({ serviceName: 'metrics-test', log: { level: 'warn' } }, new LogCapture());
  const app = createInternalApp({ config: api.config, logger, metrics: api.app.metrics });
  internal = await listen(app, { host: '127.0.0.1', port: 0, requestTimeoutMs: 5_000 });
  internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
});
test.after.always(async () => {
  if (internal) await closeGracefully(internal, 1_000);
  await api?.close();
});

test('the API port answers 404 for /metrics', async (t) => {
  const answer = await api.send('/metrics');
  t.is(answer.status, 404);
  t.is(answer.json.error_code, 'NOT_FOUND');
  t.false(answer.text.includes('process_cpu'));
});

test('the internal listener serves the API app metrics: process defaults and durations by route template', async (t) => {
  await api.send('/healthz');
  await api.send('/nowhere');
  const answer = await httpRequest(internalUrl, { path: '/metrics' });
  t.is(answer.status, 200);
  t.regex(String(answer.headers['content-type']), /^text\/plain/);
  t.regex(answer.text, /process_cpu_user_seconds_total/);
  t.regex(answer.text, /http_request_duration_seconds_bucket\{[^}]*route="\/healthz"[^}]*status="200"/);
  t.notRegex(answer.text, /route="\/nowhere"/, 'raw paths never become labels');
});

test('the internal listener serves nothing else, deny by default', async (t) => {
  for (const path of ['/healthz', '/api/v1/openapi.json', '/api/docs']) {
    const answer = await httpRequest(internalUrl, { path });
    t.is(answer.status, 404, path);
    t.is(answer.json.error_code, 'NOT_FOUND', path);
  }
  const post = await httpRequest(internalUrl, { method: 'POST', path: '/metrics' });
  t.is(post.status, 405);
});

test('the metrics listener defaults to loopback on the API port + 1000', (t) => {
  const env: NodeJS.ProcessEnv = { ...process.env, API_PORT: '58080' };
  delete env.API_METRICS_HOST;
  delete env.API_METRICS_PORT;
  const config = loadConfig(env);
  t.is(config.api.metricsHost, '127.0.0.1');
  t.is(config.api.metricsPort, 59080);
  t.is(loadConfig({ ...env, API_PORT: '65000' }).api.metricsPort, 64000, 'below when above would not fit');
});

/** A port that was free a moment ago; the caller retries if another process takes it first. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

interface RunningServer {
  child: ChildProcess;
  apiUrl: string;
  metricsUrl: string;
}

/** api/server.ts as `scripts/start-app.sh` runs it, on ports of its own; undefined if a port was taken. */
async function startServer(): Promise<RunningServer | undefined> {
  const [apiPort, metricsPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    env: {
      ...process.env,
      API_PORT: String(apiPort),
      API_METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const listening = new Set<string>();
  const started = await new Promise<boolean>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.includes('"msg":"api listening"')) listening.add('api');
      if (line.includes('"msg":"metrics listening"')) listening.add('metrics');
      if (listening.size === 2) resolve(true);
    });
    child.once('exit', () => (/EADDRINUSE/.test(stderr) ? resolve(false) : reject(new Error(stderr))));
  });
  if (!started) return undefined;
  return { child, apiUrl: `http://127.0.0.1:${apiPort}`, metricsUrl: `http://127.0.0.1:${metricsPort}` };
}

test('api/server.ts serves /metrics only on its internal listener, not on the API port', async (t) => {
  let server: RunningServer | undefined;
  for (let attempt = 0; attempt < 3 && !server; attempt++) server = await startServer();
  if (!server) return t.fail('no free ports in three attempts');
  const { child, apiUrl, metricsUrl } = server;
  t.teardown(() => {
    child.kill('SIGKILL');
  });
  t.is((await httpRequest(apiUrl, { path: '/healthz' })).status, 200);
  t.is((await httpRequest(apiUrl, { path: '/metrics' })).status, 404);
  const scrape = await httpRequest(metricsUrl, { path: '/metrics' });
  t.is(scrape.status, 200);
  t.regex(scrape.text, /http_request_duration_seconds_bucket\{[^}]*route="\/healthz"/);
  const stopped = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await stopped;
});
