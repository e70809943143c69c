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
