import { readFileSync } from 'node:fs';
import { Client as OpenSearchClient } from '@opensearch-project/opensearch';
import type { Config } from '../config';
import { guardedTransport, type DependencyBreaker } from '../dependencies';

const readCa = (file: string | undefined) => (file ? readFileSync(file) : undefined);

/** The OpenSearch client, TLS and auth when configured, with the outbound timeout (SEC-RATE-03); behind `breaker` when given. */
export function createOpenSearch(config: Config, breaker?: DependencyBreaker): OpenSearchClient {
  const { opensearch } = config;
  // The API's (issue 20.2): one attempt at the request path's deadline, behind the breaker; a
  // retry would double a hung node's wait, and the client retries after Retry-After.
  const requestPath = breaker
    ? {
        Transport: guardedTransport(breaker),
        requestTimeout: Math.min(opensearch.requestTimeoutMs, config.dependencies.opensearchTimeoutMs),
        maxRetries: 0,
      }
    : {};
  return new OpenSearchClient({
    node: opensearch.url,
    auth: opensearch.username
      ? { username: opensearch.username, password: opensearch.password ?? '' }
      : undefined,
    ssl: opensearch.tls.enabled ? { ca: readCa(opensearch.tls.caFile), rejectUnauthorized: true } : undefined,
    requestTimeout: opensearch.requestTimeoutMs,
    maxRetries: 1,
    ...requestPath,
  });
}
