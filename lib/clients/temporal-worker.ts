import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';
import { temporalTls } from '../temporal/tls';

/**
 * The workers' connection to the Temporal frontend, TLS when configured. Gives up after
 * `timeoutMs` (default config.outboundTimeoutMs, SEC-RATE-03) instead of waiting forever; a
 * connection that completes after the deadline is closed.
 */
export async function connectWorker(
  config: Config,
  timeoutMs = config.outboundTimeoutMs,
): Promise<NativeConnection> {
  const pending = NativeConnection.connect({ address: config.temporal.address, tls: temporalTls(config) });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Temporal at ${config.temporal.address} not reachable within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([pending, deadline]);
  } catch (err) {
    pending.then((late) => late.close()).catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
