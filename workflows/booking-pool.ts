/** Every workflow the booking pool runs (workers/booking.ts bundles this file). */
export { platformCheckWorkflow } from './platform/platform-check';
export { outboxEmailWorkflow } from './notification/outbox-email';
export { bookingWorkflow } from './booking/booking';
