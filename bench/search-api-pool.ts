import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { cpuSecondsOf } from './process-cpu';
import type { ProfileSummary, SearchTimes } from './search-probes';

/** bench/search-api-process.ts, N times on two shared ports: the API and the bare Koa route. */
export interface SearchApiPool {
  apiUrl: string;
  bareUrl: string;
  processes: number;
  /** CPU ms used by all the API processes so far (/proc, utime + stime). */
  cpuMs(): number;
  /** V8 CPU profiles of every process around `work`; files `<stem>.<i>.cpuprofile`; the first one's summary. */
  profiled<T>(stem: string, work: () => Promise<T>): Promise<[T, ProfileSummary]>;
  /** OpenSearch `took` and the round trips of the searches since the last call, from every process. */
  takeTook(): Promise<SearchTimes>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

function reply<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (!(key in message)) return;
      child.off('message', onMessage).off('exit', onExit);
      resolve(message[key] as T);
    };
    const onExit = (code: number | null) => reject(new Error(`search API process exited (${code})`));
    child.on('message', onMessage).once('exit', onExit);
  });
}

export async function startSearchApiPool(prefix: string, processes: number): Promise<SearchApiPool> {
  const [apiPort, barePort] = [await freePort(), await freePort()];
  const children = Array.from({ length: processes }, () =>
    fork(join(__dirname, 'search-api-process.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        BENCH_SEARCH_PREFIX: prefix,
        BENCH_API_PORT: String(apiPort),
        BENCH_BARE_PORT: String(barePort),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  await Promise.all(children.map((child) => reply(child, 'ready')));
  const all = <T>(key: string, message: object) =>
    Promise.all(
      children.map((child) => {
        const answered = reply<T>(child, key);
        child.send(message);
        return answered;
      }),
    );
  return {
    apiUrl: `http://127.0.0.1:${apiPort}`,
    bareUrl: `http://127.0.0.1:${barePort}/`,
    processes,
    cpuMs: () => children.reduce((sum, child) => sum + cpuSecondsOf(child.pid!) * 1000, 0),
    async profiled(stem, work) {
      for (const child of children) child.send({ profile: 'start' });
      const result = await work();
      const summaries = await Promise.all(
        children.map((child, i) => {
          const answered = reply<ProfileSummary>(child, 'profiled');
          child.send({ profile: 'stop', file: `${stem}.${i}.cpuprofile` });
          return answered;
        }),
      );
      return [result, summaries[0]!];
    },
    async takeTook() {
      const times = await all<SearchTimes>('took', { took: 'take' });
      return { took: times.flatMap((t) => t.took), roundTripMs: times.flatMap((t) => t.roundTripMs) };
    },
    async stop() {
      await Promise.all(
        children.map(async (child) => {
          if (child.exitCode !== null) return;
          const exited = once(child, 'exit');
          child.send({ stop: true });
          await exited;
        }),
      );
    },
  };
}
