import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import type { Sequelize } from 'sequelize';
import { keyringOf } from '../../../db/encrypted';
import { platformDataConverter } from '../../../lib/temporal/data-converter';

/**
 * Replays a booking saga's history through the bookings pool's workflow code, as a worker does
 * after a restart or a cache eviction: it throws on a nondeterminism error (state that only an
 * Update validator set, for one, since validators do not run on replay).
 */
export async function replayBookingHistory(sequelize: Sequelize, handle: WorkflowHandle): Promise<void> {
  await Worker.runReplayHistory(
    {
      workflowsPath: require.resolve('../../../workflows/bookings-pool'),
      dataConverter: platformDataConverter(keyringOf(sequelize)),
    },
    await handle.fetchHistory(),
    handle.workflowId,
  );
}
