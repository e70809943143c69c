import type { Config } from '../../lib/config';
import { createSupplierBreaker } from './circuit-breaker';
import { createFlightAdapter, type FlightAdapter } from './flight-adapter';
import { createHotelAdapter, type HotelAdapter } from './hotel-adapter';
import { createSupplierHttp } from './http-client';
import type { SupplierName } from './types';

export interface SupplierAdapters {
  hotel: HotelAdapter;
  flight: FlightAdapter;
}

export interface ConfiguredSuppliers {
  adapters: SupplierAdapters;
  /** Stops the breakers' timers. */
  shutdown(): void;
}

/**
 * Both supplier adapters from config: URL and HMAC secret per supplier, the secret read from its
 * file (SEC-SUP-01), one timeout and one breaker each (SEC-SUP-02). A missing secret stops the
 * start: an unsigned request would only be refused.
 */
export function createSupplierAdapters(
  config: Pick<Config, 'supplier'>,
  options: { headers?: Record<string, string> } = {},
): ConfiguredSuppliers {
  const { timeoutMs, breaker, endpoints } = config.supplier;
  const parts = (name: SupplierName) => {
    const { url, secret } = endpoints[name];
    if (!secret) throw new Error(`supplier_${name}_secret is missing: mount it as a secret file`);
    return {
      http: createSupplierHttp({ name, url, secret, timeoutMs, headers: options.headers }),
      breaker: createSupplierBreaker(name, breaker),
    };
  };
  const hotel = parts('hotel');
  const flight = parts('flight');
  return {
    adapters: { hotel: createHotelAdapter(hotel), flight: createFlightAdapter(flight) },
    shutdown() {
      hotel.breaker.shutdown();
      flight.breaker.shutdown();
    },
  };
}
