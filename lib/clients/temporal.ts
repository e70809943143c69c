import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import type { Config } from '../config';
import type { Keyring } from '../crypto';
import { temporalDependencyInterceptor, type DependencyBreaker } from '../dependencies';
import { platformDataConverter } from '../temporal/data-converter';
import { closingWith, payloadKeys } from '../temporal/payload-keys';
import { temporalTls } from '../temporal/tls';

export interface TemporalClientOptions {
  /** Gives up connecting after this long (default: config.outboundTimeoutMs, SEC-RATE-03). */
  connectTimeoutMs?: number;
  /** Seals payloads (issue 8.4); without it the client opens its own keyring on config's database. */
  keyring?: Keyring;
}

declare const sealedBrand: unique symbol;
/**
 * A client built with the platform data converter. Compositions that start workflows take only
 * this type, so a plain `new Client(...)`, which would send payloads in clear, does not compile.
 */
export type SealedTemporalClient = Client & { readonly [sealedBrand]: true };

/** A gRPC connection to the Temporal frontend, TLS when configured, bounded connect time. */
export function connectTemporal(config: Config, options: TemporalClientOptions = {}): Promise<Connection> {
  return Connection.connect({
    address: config.temporal.address,
    tls: temporalTls(config),
    connectTimeout: options.connectTimeoutMs ?? config.outboundTimeoutMs,
  });
}

/**
 * A client on `connection` that seals every payload it sends and opens every one it reads with
 * the keyring (platformDataConverter): the only way the platform builds a Temporal client.
 */
export function platformTemporalClient(
  connection: Connection,
  config: Config,
  keyring: Keyring,
  /** The API's (issue 20.2): its calls behind the breaker, the short ones with a deadline. */
  breaker?: DependencyBreaker,
): SealedTemporalClient {
  const interceptor =
    breaker && temporalDependencyInterceptor(connection, breaker, config.dependencies.temporalTimeoutMs);
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: platformDataConverter(keyring),
    interceptors: interceptor ? { workflow: [interceptor] } : undefined,
  });
  return client as SealedTemporalClient;
}

/**
 * The Temporal client the tools and tests use to start, signal and describe workflows. Close it
 * with `client.connection.close()`, which also closes the keyring's own database connection.
 */
export async function createTemporalClient(
  config: Config,
  options: TemporalClientOptions = {},
): Promise<SealedTemporalClient> {
  const keys = payloadKeys(config, options.keyring);
  let connection: Connection;
  try {
    connection = await connectTemporal(config, options);
  } catch (err) {
    await keys.close();
    throw err;
  }
  return platformTemporalClient(closingWith(connection, keys), config, keys.keyring);
}

/**
 * A connection made on first use, for the API process (its client: platformTemporalClient). One
 * attempt per call, without the SDK's default retry interceptor (up to 10 attempts with
 * backoff): an API call is bounded by its request's timeout and retried by the client, and
 * workflow starts are idempotent by workflow id. Background retries would outlive the request,
 * and fail loudly when they fire after the connection has been closed.
 */
export function lazyTemporalConnection(config: Config): Connection {
  return Connection.lazy({
    address: config.temporal.address,
    tls: temporalTls(config),
    connectTimeout: config.outboundTimeoutMs,
    interceptors: [],
    // Issue 20.2: after a Temporal outage gRPC's reconnect backoff grows towards 2 minutes; it
    // tries again at least as often as the breaker lets a trial through, so recovery is that quick.
    channelArgs: { 'grpc.max_reconnect_backoff_ms': config.dependencies.breaker.resetTimeoutMs },
  });
}

/** Whether Temporal knows a workflow id (running or closed), asked through `client`. */
export function workflowExists(client: Pick<Client, 'workflow'>): (workflowId: string) => Promise<boolean> {
  return async (workflowId) => {
    try {
      await client.workflow.getHandle(workflowId).describe();
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  };
}
