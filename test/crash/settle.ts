import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { Op, type Sequelize } from 'sequelize';
import { bookingModels } from '../../db/models/booking-models';
import type { BookingResult } from '../../workflows/bookings/messages';
import { workflowStatusOf } from './workflow-status';

export const TERMINAL_STATUSES = ['CONFIRMED', 'FAILED', 'CANCELLED'];

export interface Settled {
  bookingId: string;
  status: string;
  failureReason: string | null;
  workflowId: string;
  /**
   * COMPLETED, or how else the workflow closed; RUNNING when it had not closed by the deadline;
   * NOT_FOUND when it never started.
   */
  workflowStatus: string;
  result: BookingResult | null;
}

/** Bookings of the run whose row is not terminal yet (the chaos reports it at each kill). */
export async function countInFlight(sequelize: Sequelize, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return bookingModels(sequelize).Booking.count({
    where: { id: { [Op.in]: ids }, status: { [Op.notIn]: TERMINAL_STATUSES } },
  });
}

/**
 * Waits (until `deadline`) for every booking row to be terminal and its workflow closed, then
 * reads each workflow's result. Whatever has not settled by then is reported as it stands.
 */
export async function settle(
  sequelize: Sequelize,
  client: Client,
  ids: string[],
  deadline: number,
): Promise<Settled[]> {
  const { Booking } = bookingModels(sequelize);
  const open = new Set(ids);
  while (open.size > 0 && Date.now() < deadline) {
    const rows = await Booking.findAll({
      where: { id: { [Op.in]: [...open] }, status: { [Op.in]: TERMINAL_STATUSES } },
      attributes: ['id', 'workflow_id'],
    });
    for (const row of rows) {
      if ((await workflowStatusOf(client, row.workflow_id)) !== 'RUNNING') open.delete(row.id);
    }
    if (open.size > 0) await sleep(1_000);
  }
  const rows = await Booking.findAll({ where: { id: { [Op.in]: ids } } });
  return Promise.all(
    rows.map(async (row) => {
      const workflowStatus = await workflowStatusOf(client, row.workflow_id);
      const result =
        workflowStatus === 'COMPLETED'
          ? ((await client.workflow.getHandle(row.workflow_id).result()) as BookingResult)
          : null;
      return {
        bookingId: row.id,
        status: row.status,
        failureReason: row.failure_reason,
        workflowId: row.workflow_id,
        workflowStatus,
        result,
      };
    }),
  );
}
