import type { Client } from '@temporalio/client';
import type { BookingModels } from '../../db/models/booking-models';
import type { IdentityModels } from '../../db/models/identity';
import type { AuditWriter } from '../../lib/audit';
import type { Config } from '../../lib/config';
import type { Logger } from '../../lib/logger';
import type { TaskQueues } from '../../lib/temporal/task-queues';

/** What the booking services are built from (api/routes/bookings/compose-bookings.ts wires them). */
export interface BookingsDeps {
  models: BookingModels;
  /** Users: the verified-email check (SEC-AUTH-07) and the booker's company. */
  identity: Pick<IdentityModels, 'User'>;
  temporal: Client;
  queues: TaskQueues;
  timeouts: Config['bookings'];
  audit: AuditWriter;
  logger: Logger;
}

/** Where a request came from, for the audit event of the booking's creation. */
export interface BookingOrigin {
  ip: string;
  requestId?: string;
}
