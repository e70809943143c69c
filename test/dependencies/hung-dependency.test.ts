import test, { type ExecutionContext } from 'ava';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Clients } from '../../api/api-clients';
import type { RouteDeclaration } from '../../api/routing/route';
import { platformTemporalClient } from '../../lib/clients/temporal';
import { keyringFromConfig } from '../../lib/crypto';
import type { DependencyName } from '../../lib/dependencies';
import { startApiApp, type ApiApp } from '../helpers/api-app';
import { startPausableProxy, type PausableProxy } from '../helpers/pausable-proxy';
import { startPrivateRedis, type PrivateRedis } from '../helpers/private-redis';

/**
 * Issue 20.2: a hung dependency costs a request its deadline, then its breaker refuses at once,
 * then one trial after the reset closes it again. Every dependency is reached through a proxy of
 * this file's own (Redis: a private server, SIGSTOPped): nothing other test files use is paused.
 * No clock: the request timeout is far longer than any deadline, so a 503 SERVICE_UNAVAILABLE
 * (not REQUEST_TIMEOUT) is itself the proof that the deadline answered first; "refused at once"
 * is shown by the proxy receiving nothing for the refused request.
 */
const DEADLINES = {
  DEPENDENCY_POSTGRES_TIMEOUT_MS: '1000',
  DEPENDENCY_OPENSEARCH_TIMEOUT_MS: '1000',
  DEPENDENCY_TEMPORAL_TIMEOUT_MS: '1000',
  REDIS_COMMAND_TIMEOUT_MS: '1000',
  DEPENDENCY_BREAKER_VOLUME: '2',
  DEPENDENCY_BREAKER_WINDOW_MS: '120000',
  DEPENDENCY_BREAKER_RESET_MS: '2000',
  // Far beyond every deadline, and its answer has another error_code.
  REQUEST_TIMEOUT_MS: '30000',
};

/** `marker` goes into what the call sends (a query, key, index or workflow id). */
type Call = (clients: Clients, app: ApiApp, marker: string) => Promise<unknown>;

const markerOf = (name: DependencyName, request: number) => `hung-${name}-marker-${request}`;

/** One call to the dependency through the API's own clients, as a route would make it. */
function dependencyRoute(name: DependencyName, call: Call, holder: { api?: ApiApp }): RouteDeclaration {
  let requests = 0;
  return {
    method: 'GET',
    path: `/test/dependency/${name}`,
    summary: `test only: one call to ${name}`,
    permission: 'public',
    async handler(ctx) {
      await call(holder.api!.clients, holder.api!, markerOf(name, requests++));
      ctx.body = { ok: true };
    },
  };
}

function hostPort(address: string): { host: string; port: number } {
  const url = new URL(address.includes('://') ? address : `tcp://${address}`);
  return { host: url.hostname, port: Number(url.port) };
}

async function untilState(api: ApiApp, name: DependencyName, state: string): Promise<void> {
  // Bounded by ava's timeout; the breaker changes state on its own timer.
  while (api.clients.breakers[name].state() !== state) await new Promise((r) => setTimeout(r, 50));
}

interface Scenario {
  name: DependencyName;
  /** The variables that point the app at the proxy. */
  env: (proxy: PausableProxy) => NodeJS.ProcessEnv;
  target: () => { host: string; port: number };
  call: Call;
  /** Defaults to pausing the proxy. */
  hang?: { pause(): void; resume(): void };
}

async function hungDependency(t: ExecutionContext, scenario: Scenario): Promise<void> {
  const { host, port } = scenario.target();
  const proxy = await startPausableProxy(host, port);
  const holder: { api?: ApiApp } = {};
  const api = await startApiApp({
    env: { ...DEADLINES, ...scenario.env(proxy) },
    extraRoutes: [dependencyRoute(scenario.name, scenario.call, holder)],
  });
  holder.api = api;
  const hang = scenario.hang ?? proxy;
  const path = `/test/dependency/${scenario.name}`;
  try {
    t.is((await api.send(path)).status, 200, 'answers while the dependency answers');

    hang.pause();
    // Two calls meet the hung dependency: each waits out its deadline, then 503.
    for (const answer of await Promise.all([api.send(path), api.send(path)])) {
      t.is(answer.status, 503);
      t.is(answer.json.error_code, 'SERVICE_UNAVAILABLE', 'the deadline answered, not the request timeout');
      t.is(answer.json.message, 'Service temporarily unavailable');
      t.truthy(answer.json.error_id);
      t.is(answer.headers['retry-after'], '2');
    }
    t.is(api.clients.breakers[scenario.name].state(), 'open');

    // The breaker is open: the next request (the fourth) is refused without reaching the dependency.
    t.true(proxy.received(markerOf(scenario.name, 1)), 'the calls before were sent');
    const refused = await api.send(path);
    t.is(refused.status, 503);
    t.is(refused.json.error_code, 'SERVICE_UNAVAILABLE');
    t.is(refused.headers['retry-after'], '2');
    t.false(proxy.received(markerOf(scenario.name, 3)), 'the refused call was never sent');

    // Back: after the reset one trial goes through (half-open) and closes the breaker.
    hang.resume();
    await untilState(api, scenario.name, 'halfOpen');
    t.is((await api.send(path)).status, 200);
    t.is(api.clients.breakers[scenario.name].state(), 'closed');
    t.true(
      api.logs.records.some((r) => r.action === 'dependency.breaker' && r.dependency === scenario.name),
      'the breaker logs its changes',
    );
  } finally {
    hang.resume();
    await api.close();
    await proxy.close();
  }
}

test('SEC-RATE-03 a hung Postgres answers 503 with Retry-After at its deadline, then fails fast, then recovers', async (t) => {
  await hungDependency(t, {
    name: 'postgres',
    target: () => hostPort(process.env.DATABASE_URL!),
    env: (proxy) => {
      const url = new URL(process.env.DATABASE_URL!);
      url.host = `127.0.0.1:${proxy.port}`;
      return { DATABASE_URL: url.toString() };
    },
    call: (clients, _api, marker) => clients.sequelize.query('SELECT $1::text', { bind: [marker] }),
  });
});

test('SEC-RATE-03 a hung OpenSearch answers 503 with Retry-After at its deadline, then fails fast, then recovers', async (t) => {
  await hungDependency(t, {
    name: 'opensearch',
    target: () => hostPort(process.env.OPENSEARCH_URL!),
    env: (proxy) => ({ OPENSEARCH_URL: `http://127.0.0.1:${proxy.port}` }),
    call: (clients, _api, marker) => clients.opensearch.indices.exists({ index: marker }),
  });
});

let temporal: ReturnType<typeof platformTemporalClient> | undefined;
test('SEC-RATE-03 a hung Temporal answers 503 with Retry-After at its deadline, then fails fast, then recovers', async (t) => {
  await hungDependency(t, {
    name: 'temporal',
    target: () => hostPort(process.env.TEMPORAL_ADDRESS!),
    env: (proxy) => ({ TEMPORAL_ADDRESS: `127.0.0.1:${proxy.port}` }),
    call: async (clients, api, marker) => {
      temporal ??= platformTemporalClient(
        clients.temporal,
        api.config,
        keyringFromConfig(api.config, clients.sequelize),
        clients.breakers.temporal,
      );
      const client = temporal;
      try {
        await client.workflow.getHandle(marker).describe();
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err; // an answer: Temporal is there
      }
    },
  });
});

let redis: PrivateRedis | undefined;
test.after.always(async () => {
  redis?.resume();
  await redis?.kill();
});

test('SEC-RATE-03 a hung Redis (SIGSTOP) answers 503 with Retry-After at its deadline, then fails fast, then recovers', async (t) => {
  redis = await startPrivateRedis();
  const server = redis;
  await hungDependency(t, {
    name: 'redis',
    target: () => ({ host: '127.0.0.1', port: server.port }),
    env: (proxy) => ({ REDIS_URL: `redis://127.0.0.1:${proxy.port}` }),
    call: (clients, _api, marker) => clients.redis.get(marker),
    hang: { pause: () => server.pause(), resume: () => server.resume() },
  });
});
