import { envSwitches } from './env-switches';

/**
 * Fault hooks for the crash test only (issue 20.1; test/crash/). Each names a point in the code
 * where the process kills itself, as a power cut would, so the test can land a crash exactly
 * there. Production refuses every one of them (production-guard.ts).
 */
export interface TestFaults {
  /**
   * `TEST_FAULT_AFTER_BOOKING_INSERT=kill`: the API SIGKILLs itself right after writing a
   * booking's PENDING row, before the saga starts (services/bookings/create-booking.ts).
   */
  afterBookingInsert?: 'kill';
}

export const TEST_FAULT_VARIABLES: Readonly<Record<keyof TestFaults, string>> = {
  afterBookingInsert: 'TEST_FAULT_AFTER_BOOKING_INSERT',
};

export function testFaultsConfig(env: NodeJS.ProcessEnv): TestFaults {
  return envSwitches(env, TEST_FAULT_VARIABLES, 'kill');
}
