import { createServer, type RequestListener, type Server } from 'node:http';
import type { Config } from '../lib/config';
import type { ClientErrorHandler } from './middleware/client-error';

type ListenOptions = Pick<Config['api'], 'host' | 'port' | 'requestTimeoutMs'>;

const NODE_DEFAULT_HEADERS_TIMEOUT_MS = 60_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/**
 * An HTTP server for the app with Node's own timeouts set from config (SEC-RATE-03): a client gets
 * at most requestTimeoutMs to send its whole request, so slow senders cannot hold connections.
 * Port 0 picks a free port (tests).
 */
export function listen(
  app: { callback(): RequestListener; onClientError: ClientErrorHandler },
  options: ListenOptions,
  /** Shares the port with other processes (SO_REUSEPORT): several API processes on one host. */
  { reusePort = false }: { reusePort?: boolean } = {},
): Promise<Server> {
  const requestTimeout = options.requestTimeoutMs;
  const server = createServer(
    {
      requestTimeout,
      headersTimeout: Math.min(requestTimeout, NODE_DEFAULT_HEADERS_TIMEOUT_MS),
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      connectionsCheckingInterval: Math.max(100, Math.min(requestTimeout / 4, 30_000)),
    },
    app.callback(),
  );
  server.on('clientError', app.onClientError);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host: options.host, reusePort }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * Stops accepting connections, lets requests in flight finish for up to `graceMs`, then cuts
 * whatever is left.
 */
export async function closeGracefully(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, graceMs);
  });
  await Promise.race([closed, deadline]);
  clearTimeout(timer);
  await closed;
}
