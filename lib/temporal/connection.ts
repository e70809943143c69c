import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';
import { temporalTls } from './tls';

export interface TemporalClientOptions {
  /** Gives up connecting after this long (default: config.outboundTimeoutMs, SEC-RATE-03). */
  connectTimeoutMs?: number;
}

/** A gRPC connection to the Temporal frontend, TLS when configured, bounded connect time. */
export function connectTemporal(config: Config, options: TemporalClientOptions = {}): Promise<Connection> {
  return Connection.connect({
    address: config.temporal.address,
    tls: temporalTls(config),
    connectTimeout: options.connectTimeoutMs ?? config.outboundTimeoutMs,
  });
}

/**
 * The Temporal client the API and tools use to start, signal and describe workflows. Close it
 * with `client.connection.close()`.
 */
export async function createTemporalClient(
  config: Config,
  options: TemporalClientOptions = {},
): Promise<Client> {
  const connection = await connectTemporal(config, options);
  return new Client({ connection, namespace: config.temporal.namespace });
}

/**
 * A connection made on first use, for the API process. One attempt per call, without the SDK's
 * default retry interceptor (up to 10 attempts with backoff): an API call is bounded by its
 * request's timeout and retried by the client, and workflow starts are idempotent by workflow id.
 * Background retries would outlive the request, and fail loudly when they fire after the
 * connection has been closed.
 */
export function lazyTemporalConnection(config: Config): Connection {
  return Connection.lazy({
    address: config.temporal.address,
    tls: temporalTls(config),
    connectTimeout: config.outboundTimeoutMs,
    interceptors: [],
  });
}
