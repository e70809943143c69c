import { ApplicationFailure } from '@temporalio/common';
import type { FlightInventory, HotelInventory } from '../../services/search/inventory';
import type { SupplierAdapters } from './from-config';
import type { FeedPage, SupplierHold, SupplierItem, SupplierQuote, SupplierRelease } from './types';

/** A booking's step; with `changeId`, a step of that booking change, keyed apart (issue 18.2). */
export type BookingStep = { bookingId: string; supplier: 'hotel' | 'flight'; changeId?: string };

const unknownSupplier = () => ApplicationFailure.nonRetryable('unknown supplier', 'InvalidInput');

function adapterFor(adapters: SupplierAdapters, supplier: unknown) {
  if (supplier === 'hotel') return adapters.hotel;
  if (supplier === 'flight') return adapters.flight;
  throw unknownSupplier();
}

/**
 * The supplier activities the booking saga and inventory sync call (suppliers task queue).
 * Inputs and results carry ids, amounts and supplier codes only, never personal data. They run
 * for the booking workflow, whose start already checked the customer's permission to book.
 */
export function createSupplierActivities({ adapters }: { adapters: SupplierAdapters }) {
  return {
    async quoteWithSupplier(input: SupplierItem): Promise<SupplierQuote> {
      switch (input.supplier) {
        case 'hotel':
          return adapters.hotel.quote(input.item);
        case 'flight':
          return adapters.flight.quote(input.item);
        default:
          throw unknownSupplier();
      }
    },
    async reserveWithSupplier(
      input: SupplierItem & { bookingId: string; ttlSeconds?: number; changeId?: string },
    ): Promise<SupplierHold> {
      const options = { ttlSeconds: input.ttlSeconds, changeId: input.changeId };
      switch (input.supplier) {
        case 'hotel':
          return adapters.hotel.hold(input.bookingId, input.item, options);
        case 'flight':
          return adapters.flight.hold(input.bookingId, input.item, options);
        default:
          throw unknownSupplier();
      }
    },
    async confirmWithSupplier(input: BookingStep & { holdId: string }): Promise<SupplierHold> {
      return adapterFor(adapters, input.supplier).confirm(input.bookingId, input.holdId, input.changeId);
    },
    /** Compensation: a no-op when the booking never got a hold. */
    async releaseSupplierHold(input: BookingStep): Promise<SupplierRelease> {
      return adapterFor(adapters, input.supplier).release(input.bookingId, input.changeId);
    },
    async cancelWithSupplier(input: BookingStep & { holdId: string }): Promise<SupplierHold> {
      return adapterFor(adapters, input.supplier).cancel(input.bookingId, input.holdId, input.changeId);
    },
    async fetchSupplierFeedPage(input: {
      supplier: 'hotel' | 'flight';
      cursor?: string | null;
      limit?: number;
    }): Promise<FeedPage<HotelInventory | FlightInventory>> {
      return adapterFor(adapters, input.supplier).feedPage(input.cursor, input.limit);
    },
  };
}

export type SupplierActivities = ReturnType<typeof createSupplierActivities>;
