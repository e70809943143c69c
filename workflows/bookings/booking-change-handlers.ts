import { ApplicationFailure, CancellationScope, condition, setHandler } from '@temporalio/workflow';
import type { SagaActivities } from './activity-proxies';
import {
  applyChange,
  checkConfirmation,
  checkOfferRequest,
  priceChange,
  type BookedItem,
  type PendingChange,
} from './booking-change';
import {
  confirmChangeUpdate,
  offerChangeUpdate,
  type BookingWorkflowInput,
  type ChangeResult,
} from './messages';

export type { BookedItem };

const notChangeable = () =>
  ApplicationFailure.create({
    type: 'NOT_CHANGEABLE',
    message: 'only a confirmed booking changes',
    nonRetryable: true,
  });

/**
 * The booking saga's change handlers (issue 18.2, Duffel's order changes): `offerChange` prices a
 * change with the supplier and answers the offer (the latest supersedes the others);
 * `confirmChange` takes the latest unexpired offer, and the saga's main loop makes it (`apply`);
 * the Update answers once it is made or undone. `current` is the booking while it can change.
 */
export function bookingChanges(
  a: SagaActivities,
  input: BookingWorkflowInput,
  current: () => BookedItem | null,
) {
  let latest: PendingChange | null = null;
  let taken: PendingChange | null = null;
  const results = new Map<string, ChangeResult>();
  let chargedMinor = 0;

  setHandler(
    offerChangeUpdate,
    async (request) => {
      const booked = current();
      if (!booked) throw notChangeable();
      const offer = await priceChange(a, request, booked, input.currency);
      latest = { offer, request };
      return offer;
    },
    {
      validator(request) {
        const booked = current();
        if (!booked || taken) throw notChangeable();
        checkOfferRequest(request, booked);
      },
    },
  );
  setHandler(
    confirmChangeUpdate,
    async (confirm) => {
      // Taken here, not in the validator: validators do not run on replay, so state they set would
      // be missing from a replayed workflow. Same activation as the validator: same state and time.
      taken = checkConfirmation(confirm, latest);
      latest = null;
      await condition(() => results.has(confirm.offerId));
      return results.get(confirm.offerId)!;
    },
    {
      validator(confirm) {
        if (!current() || taken) throw notChangeable();
        checkConfirmation(confirm, latest);
      },
    },
  );

  return {
    /** A confirmed offer waits for the main loop. */
    taken: () => taken !== null,
    /** What the changes made charged on top of the booking's payment (a cancellation gives it back). */
    chargedMinor: () => chargedMinor,
    async apply(booked: BookedItem): Promise<BookedItem> {
      const pending = taken!;
      const made = await CancellationScope.nonCancellable(() =>
        applyChange(a, input, booked, pending, input.timeouts.holdTtlSeconds),
      );
      results.set(pending.offer.offerId, made.result);
      if (made.result.status === 'CHANGED' && made.result.differenceMinor > 0) {
        chargedMinor += made.result.differenceMinor;
      }
      taken = null;
      return made.booked;
    },
  };
}
