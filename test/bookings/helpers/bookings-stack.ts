import test from 'ava';
import { createPaymentMethod } from '../../payments/helpers/stripe-stack';
import { flightPicker } from './booking-body';
import { startBookingsApp, type BookingsApp } from './bookings-app';
import { sagaHarness, type SagaHarness } from './saga-harness';

export type FlightPick = Awaited<ReturnType<typeof flightPicker>>;

/** What an HTTP bookings test starts from: the saga harness, the real app over it, a flight picker. */
export interface BookingsStack {
  h: SagaHarness;
  app: BookingsApp;
  pick: FlightPick;
}

export interface PayingBookingsStack extends BookingsStack {
  /** A Stripe PaymentMethod of the card asked for, made once for the file. */
  paymentMethod: string;
}

/**
 * Registers the file's hooks: before its tests the stack starts and `ready` is handed it (with a
 * PaymentMethod of `paymentCard` when one is asked for); after them the app closes, then the harness.
 */
export function useBookingsStack(ready: (stack: BookingsStack) => void): void;
export function useBookingsStack(ready: (stack: PayingBookingsStack) => void, paymentCard: string): void;
export function useBookingsStack(ready: (stack: PayingBookingsStack) => void, paymentCard?: string): void {
  let h: SagaHarness | undefined;
  let app: BookingsApp | undefined;
  test.before(async () => {
    h = await sagaHarness();
    app = await startBookingsApp(h);
    const pick = await flightPicker(h);
    const paymentMethod = paymentCard === undefined ? '' : await createPaymentMethod(paymentCard);
    ready({ h, app, pick, paymentMethod });
  });
  test.after.always(async () => {
    await app?.close();
    await h?.close();
  });
}

/**
 * Registers the file's hooks for a saga test without the HTTP app: before its tests the harness
 * starts and `ready` is handed it with a flight picker; after them the harness closes.
 */
export function useSagaHarness(ready: (stack: Omit<BookingsStack, 'app'>) => void): void {
  let h: SagaHarness | undefined;
  test.before(async () => {
    h = await sagaHarness();
    ready({ h, pick: await flightPicker(h) });
  });
  test.after.always(async () => h?.close());
}
