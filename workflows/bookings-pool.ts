/** Every workflow the booking pool runs (workers/bookings.ts bundles this file). */
export { platformCheckWorkflow } from './platform/platform-check';
export { outboxEmailWorkflow } from './notify/outbox-email';
export { bookingWorkflow } from './bookings/booking';
export { refundWorkflow } from './refunds/refund';
