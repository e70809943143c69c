import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import type { TaskQueues } from '../../lib/temporal/task-queues';

/**
 * The account erasure workflow's contract (workflows/privacy/account-erasure.ts): what the service
 * starts it with and asks it. The workflow restates each message with `defineUpdate`/`defineQuery`
 * typed by these, so the names stay equal; workflow code imports only types from here.
 */

/** The account's id (a random UUID, nothing personal), the grace and the maintenance queue. */
export interface AccountErasureInput {
  userId: string;
  graceSeconds: number;
  taskQueues: Pick<TaskQueues, 'maintenance'>;
}

export type AccountErasureStage = 'grace' | 'erasing' | 'cancelled' | 'erased';

export interface AccountErasureResult {
  status: 'cancelled' | 'erased';
  /** `DELETED_USER_<n>`: the name the erased account keeps. */
  pseudonym?: string;
}

export interface CancelErasureResult {
  status: 'cancelled';
}

/** One erasure per account: its workflow id. */
export function erasureWorkflowId(userId: string): string {
  return `account-erasure-${userId.toLowerCase()}`;
}

// Plain message definitions for the client side: the brands in the SDK's types exist only at
// compile time, hence the casts (as services/bookings/booking-saga.ts does).
export const cancelErasureUpdate = { type: 'update', name: 'cancelErasure' } as UpdateDefinition<
  CancelErasureResult,
  [],
  'cancelErasure'
>;
export const erasureStageQuery = { type: 'query', name: 'erasureStage' } as QueryDefinition<
  AccountErasureStage,
  [],
  'erasureStage'
>;
