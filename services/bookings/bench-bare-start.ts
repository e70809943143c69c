import { randomUUID } from 'node:crypto';
import type { Actor } from '../../lib/rbac';
import { bookingWorkflowId } from './accept-rows';
import { minorUnits, type CreateBookingBody } from './booking-input';
import type { BookingsDeps } from './deps';
import { bookingSagaStart, supplierItem } from './saga-start';

/**
 * bench/booking's ceiling (issue 20): the booking saga's start exactly as an accept makes it (the
 * same input size, search attributes, id policy, payload codec and connection), for a booking that
 * does not exist, and nothing else: no row, no limits, no idempotency record, no audit. Its task
 * queue is one no worker polls, so nothing ever runs it. Only a route production refuses calls it
 * (lib/config/bench-routes.ts).
 */
export async function benchBareStart(
  deps: Pick<BookingsDeps, 'queues' | 'timeouts' | 'temporal'>,
  actor: Actor,
  body: CreateBookingBody,
): Promise<{ workflowId: string }> {
  const row = {
    id: randomUUID(),
    amount_minor: minorUnits(body.amount),
    currency: body.currency,
    workflow_id: bookingWorkflowId(actor.id, randomUUID()),
  };
  const options = bookingSagaStart(deps, actor, row, body, supplierItem(body));
  await deps.temporal.workflow.start('bookingWorkflow', {
    ...options,
    taskQueue: `${deps.queues.bookings}-bare-start`,
  });
  return { workflowId: row.workflow_id };
}
