import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { Config } from '../config';

/**
 * TLS settings for both Temporal connection kinds (client and worker). Off unless configured;
 * with a CA file the server certificate is verified against it, else against the system roots.
 */
export function temporalTls(config: Pick<Config, 'temporal'>): TLSConfig | undefined {
  const { tls } = config.temporal;
  if (!tls.enabled) return undefined;
  return tls.caFile ? { serverRootCACertificate: readFileSync(tls.caFile) } : {};
}
