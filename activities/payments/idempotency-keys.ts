/**
 * SEC-PAY-02: every Stripe mutation's idempotency key derives from our own ids only, never from
 * time or randomness, so every retry of an activity (any attempt, any worker) sends the same key
 * and Stripe executes the mutation once. The Stripe client's own random key would not survive a
 * retry.
 */
export const idempotencyKeys = {
  payment: (bookingId: string) => `booking/${bookingId}/payment`,
  cancel: (bookingId: string) => `booking/${bookingId}/cancel`,
  refund: (refundId: string) => `refund/${refundId}`,
};
