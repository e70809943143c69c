import { activityInfo } from '@temporalio/activity';

export interface Pong {
  taskQueue: string;
  at: string;
}

/**
 * Registered on every activity pool: a workflow or an operator probe can prove that a pool's
 * task queue has a live worker without touching any dependency of that pool.
 */
export async function ping(): Promise<Pong> {
  return { taskQueue: activityInfo().taskQueue, at: new Date().toISOString() };
}
