import { readFileSync } from 'node:fs';
import { Client as OpenSearchClient } from '@opensearch-project/opensearch';
import type { Config } from '../config';

const readCa = (file: string | undefined) => (file ? readFileSync(file) : undefined);

/** The OpenSearch client, TLS and auth when configured, with the outbound timeout (SEC-RATE-03). */
export function createOpenSearch(config: Config): OpenSearchClient {
  const { opensearch } = config;
  return new OpenSearchClient({
    node: opensearch.url,
    auth: opensearch.username
      ? { username: opensearch.username, password: opensearch.password ?? '' }
      : undefined,
    ssl: opensearch.tls.enabled ? { ca: readCa(opensearch.tls.caFile), rejectUnauthorized: true } : undefined,
    requestTimeout: opensearch.requestTimeoutMs,
    maxRetries: 1,
  });
}
