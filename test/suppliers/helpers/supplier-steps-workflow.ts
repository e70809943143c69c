import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { SuppliersPoolActivities } from '../../../activities/suppliers-pool';

export interface SupplierStepsInput {
  bookingId: string;
  flightId: string;
  suppliersQueue: string;
}

export type SupplierStepsResult =
  { holdId: string; confirmationCode: string | null; released: boolean } | { failure: string | undefined };

/**
 * A test-only workflow that runs the suppliers pool's steps the way the booking saga will:
 * hold, confirm, then release (a confirmed hold refuses release, so that ends as a failure
 * type too). Retries come from the activity retry policy.
 */
export async function supplierSteps(input: SupplierStepsInput): Promise<SupplierStepsResult> {
  const steps = proxyActivities<SuppliersPoolActivities>({
    taskQueue: input.suppliersQueue,
    startToCloseTimeout: '20s',
    retry: { initialInterval: '50ms', backoffCoefficient: 1, maximumAttempts: 5 },
  });
  try {
    const hold = await steps.reserveWithSupplier({
      supplier: 'flight',
      bookingId: input.bookingId,
      item: { flightId: input.flightId, seats: 1 },
    });
    const confirmed = await steps.confirmWithSupplier({
      supplier: 'flight',
      bookingId: input.bookingId,
      holdId: hold.holdId,
    });
    const released = await steps.releaseSupplierHold({
      supplier: 'flight',
      bookingId: `${input.bookingId}-none`,
    });
    return { holdId: hold.holdId, confirmationCode: confirmed.confirmationCode, released: released.released };
  } catch (error) {
    if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) {
      return { failure: error.cause.type ?? undefined };
    }
    throw error;
  }
}
