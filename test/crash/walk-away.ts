import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { faultVictim } from './api-kills';
import type { CrashStack } from './crash-stack';
import { submit } from './customer-client';
import type { PlannedBooking } from './plan';

export interface WalkAway {
  /** The booking the armed API wrote before it died (its log line), or null if it never said. */
  bookingId: string | null;
  /** What the customer saw of its one attempt. */
  answer: string;
}

/**
 * A customer who walks away (issue 20.1): its one `POST /bookings` reaches an API with the fault
 * hook armed, which dies between writing the PENDING row and starting the saga, and the customer
 * never sends its key again. No replay will ever start that saga: only the orphan sweep can end
 * the row. The API stays down afterwards (nothing else needs it).
 */
export async function walkAway(
  stack: CrashStack,
  client: Client,
  booking: PlannedBooking,
): Promise<WalkAway> {
  const api = stack.procs.api;
  if (api.running) await api.stop('SIGTERM');
  await stack.startArmedApi(client);
  const pid = api.pid!;
  // A deadline already passed: one attempt, no retry.
  const answer = await submit(stack.apiUrl, booking, 0).then(
    (id) => `202 ${id}`,
    (err: unknown) => (err instanceof Error ? err.message : String(err)),
  );
  await Promise.race([api.exit, sleep(30_000)]);
  if (api.running) throw new Error(`the armed API (pid ${pid}) did not die on the walk-away booking`);
  return { bookingId: faultVictim(api, pid), answer };
}
