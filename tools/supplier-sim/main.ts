import { secretReader } from '../../lib/config/secrets';
import { startSupplierSim } from './server';

/**
 * Runs the supplier simulator (started by scripts/stack.sh). It is the partner side, so it reads
 * the shared HMAC secrets from the same secret files as the platform (SECRETS_DIR), never from
 * plain variables. Never used in production: the partners' real APIs are configured there.
 */
const env = process.env;
const int = (name: string, fallback: number) => {
  const raw = env[name];
  if (raw !== undefined && !/^\d{1,12}$/.test(raw)) throw new Error(`${name} must be an integer`);
  return raw === undefined ? fallback : Number(raw);
};
const secretFiles = secretReader(env);
/** `<name>`, and `<name>_previous` while the partner accepts both during a rotation (SEC-CFG-02). */
const secret = (name: string) => {
  const value = secretFiles.readRotating(name);
  if (!value) throw new Error(`${name}: set SECRETS_DIR or ${name.toUpperCase()}_FILE`);
  return value;
};

void startSupplierSim({
  port: int('SUPPLIER_SIM_PORT', 53090),
  secrets: { hotel: secret('supplier_hotel_secret'), flight: secret('supplier_flight_secret') },
  seed: {
    seed: int('SUPPLIER_SIM_SEED', 20261201),
    hotels: int('SUPPLIER_SIM_HOTELS', 10_000),
    flights: int('SUPPLIER_SIM_FLIGHTS', 50_000),
    days: int('SUPPLIER_SIM_DAYS', 60),
    startDate: env.SUPPLIER_SIM_START_DATE,
  },
  holds: {
    defaultTtlMs: int('SUPPLIER_SIM_HOLD_TTL_SECONDS', 900) * 1000,
    maxTtlMs: 3_600_000,
  },
}).then(
  (sim) =>
    console.log(
      `supplier simulator on ${sim.url}: ${sim.catalogue.hotels.length} hotels, ${sim.catalogue.flights.length} flights`,
    ),
  (error: unknown) => {
    console.error('supplier simulator failed to start', error);
    process.exit(1);
  },
);
