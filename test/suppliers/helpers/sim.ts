import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSupplierAdapters, type ConfiguredSuppliers } from '../../../activities/suppliers';
import { loadConfig, type Config } from '../../../lib/config';
import { startSupplierSim, type SupplierSim } from '../../../tools/supplier-sim/server';
import type { FaultRule } from '../../../tools/supplier-sim/faults';
import { httpRequest } from '../../helpers/http-request';

export interface SimHarness {
  sim: SupplierSim;
  /** The directory holding this run's supplier secret files. */
  secretsDir: string;
  secrets: { hotel: string; flight: string };
  /** The platform config, loaded the production way from env + secret files. */
  config(env?: NodeJS.ProcessEnv): Config;
  /** Adapters from config whose requests carry `scope`, so faults stay this test's. */
  suppliers(scope: string, env?: NodeJS.ProcessEnv): ConfiguredSuppliers;
  control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  fault(rule: Omit<FaultRule, 'scope'>, scope: string): Promise<void>;
  requests(scope: string): Promise<{ total: number; by_route: Record<string, number> }>;
  close(): Promise<void>;
}

/** A fresh scope per test: fault rules and request counts are keyed by it. */
export const newScope = () => `t-${randomBytes(6).toString('hex')}`;

/**
 * A real supplier simulator on a free port with a small seeded inventory, and fresh random
 * secrets in files, as the stack provides them. Every test file gets its own, so inventory
 * changes never leak between files running in parallel.
 */
export async function startSimHarness(
  options: { hotels?: number; flights?: number } = {},
): Promise<SimHarness> {
  const secretsDir = mkdtempSync(join(tmpdir(), 'travelhub-suppliers-'));
  const secrets = { hotel: randomBytes(32).toString('hex'), flight: randomBytes(32).toString('hex') };
  writeFileSync(join(secretsDir, 'supplier_hotel_secret'), `${secrets.hotel}\n`, { mode: 0o600 });
  writeFileSync(join(secretsDir, 'supplier_flight_secret'), `${secrets.flight}\n`, { mode: 0o600 });
  const sim = await startSupplierSim({
    port: 0,
    secrets,
    seed: { seed: 7, hotels: options.hotels ?? 150, flights: options.flights ?? 1500, days: 30 },
    holds: {
      defaultTtlMs: 900_000,
      maxTtlMs: 3_600_000,
    },
  });
  // The stack's own environment (Temporal, database, ...) with this simulator and its secrets: a
  // bare env would fall back to the dev profile's addresses, which only answer when dev is up.
  const config = (env: NodeJS.ProcessEnv = {}) =>
    loadConfig({
      ...process.env,
      SUPPLIER_HOTEL_SECRET_FILE: join(secretsDir, 'supplier_hotel_secret'),
      SUPPLIER_FLIGHT_SECRET_FILE: join(secretsDir, 'supplier_flight_secret'),
      SUPPLIER_URL: sim.url,
      LOG_LEVEL: 'error',
      ...env,
    });
  // A new connection per call (node:http, no agent): a pooled keep-alive connection that the
  // simulator closes for idleness just as it is reused fails with "fetch failed" on a busy machine.
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await httpRequest(sim.url, {
      method,
      path: `/_control${path}`,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = answer.json as T;
    if (answer.status < 200 || answer.status > 299)
      throw new Error(`control ${path}: ${answer.status} ${answer.text}`);
    return json;
  };
  return {
    sim,
    secretsDir,
    secrets,
    config,
    suppliers: (scope, env) => createSupplierAdapters(config(env), { headers: { 'x-sim-scope': scope } }),
    control,
    fault: async (rule, scope) => void (await control('POST', '/faults', { ...rule, scope })),
    requests: (scope) => control('GET', `/requests?scope=${scope}`),
    async close() {
      await sim.close();
      rmSync(secretsDir, { recursive: true, force: true });
    },
  };
}
