import { Context } from '@temporalio/activity';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createAuditWriter, newAuditEvent } from '../../lib/audit';

export interface OrphanBookingSweepDeps {
  sequelize: Sequelize;
  /** Whether Temporal knows a workflow of this id (running or closed). */
  workflowExists(workflowId: string): Promise<boolean>;
  /** A PENDING row this old has had every chance to start (an accept answers within its timeout). */
  orphanAfterSeconds: number;
  batchSize?: number;
}

export interface OrphanBookingSweepResult {
  checked: number;
  failed: number;
}

/**
 * `failOrphanBookings` (issue 20.1): an accept that died between writing its PENDING row and
 * starting the saga leaves a booking nobody will move. A replay of its key starts the saga
 * (services/bookings/create-booking.ts); a row no replay came for is failed here once it is older
 * than `orphanAfterSeconds` and Temporal has no workflow of its id (`not_started`): nothing was
 * held nor charged, since only the saga does that. A row whose workflow exists is the saga's.
 * The payment method is in the workflow input only, so an orphan cannot be started from here.
 */
export function createOrphanBookingSweepActivities(deps: OrphanBookingSweepDeps) {
  const audit = createAuditWriter(deps.sequelize);
  return {
    async failOrphanBookings(input: { nowMs: number }): Promise<OrphanBookingSweepResult> {
      const cutoff = new Date(input.nowMs - deps.orphanAfterSeconds * 1000);
      const rows = await deps.sequelize.query<{
        id: string;
        workflow_id: string;
        amount_minor: string;
        currency: string;
      }>(
        `SELECT id, workflow_id, amount_minor, currency FROM bookings
          WHERE status = 'PENDING' AND created_at < $1 ORDER BY created_at LIMIT $2`,
        { bind: [cutoff, deps.batchSize ?? 500], type: QueryTypes.SELECT },
      );
      let failed = 0;
      for (const row of rows) {
        Context.current().heartbeat(failed);
        if (await deps.workflowExists(row.workflow_id)) continue;
        const [, changed] = await deps.sequelize.query(
          `UPDATE bookings SET status = 'FAILED', failure_reason = 'not_started', updated_at = now()
            WHERE id = $1 AND status = 'PENDING'`,
          { bind: [row.id], type: QueryTypes.UPDATE },
        );
        if (Number(changed) !== 1) continue;
        failed += 1;
        const event = newAuditEvent({
          type: 'booking.modified',
          outcome: 'failure',
          actor: { type: 'system', id: 'orphan-booking-sweep' },
          originIp: null,
          resource: { type: 'booking', id: row.id },
          details: {
            change: 'not_started',
            amountMinor: Number(row.amount_minor),
            currency: row.currency,
            workflowId: row.workflow_id,
          },
        });
        await audit.append(event);
      }
      return { checked: rows.length, failed };
    },
  };
}
