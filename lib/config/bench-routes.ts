import { envSwitches } from './env-switches';

/**
 * Routes that exist only for a benchmark (issue 20: bench/booking's ceiling). Off unless set,
 * refused in production (production-guard.ts): a bench route skips the work its product route
 * does (limits, idempotency, the booking row, the audit), so it must never face real clients.
 */
export interface BenchRoutes {
  /**
   * `BENCH_BARE_START_ROUTE=on`: POST /api/v1/bench/bare-start (api/routes/bookings/bare-start-route.ts)
   * runs the booking route's chain and starts a booking-sized workflow, nothing else.
   */
  bareStart?: 'on';
}

export const BENCH_ROUTE_VARIABLES: Readonly<Record<keyof BenchRoutes, string>> = {
  bareStart: 'BENCH_BARE_START_ROUTE',
};

export function benchRoutesConfig(env: NodeJS.ProcessEnv): BenchRoutes {
  return envSwitches(env, BENCH_ROUTE_VARIABLES, 'on');
}
