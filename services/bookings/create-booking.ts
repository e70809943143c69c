import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { UniqueConstraintError } from 'sequelize';
import type { SupplierItem } from './booking-saga';
import { keyringOf } from '../../db/encrypted';
import { DependencyUnavailableError } from '../../lib/dependencies';
import { AppError, errors } from '../../lib/errors';
import type { CanonicalIdempotencyKey } from '../../lib/idempotency';
import { assertCan, type Actor } from '../../lib/rbac';
import { testFaultPoint } from '../../lib/test-faults/fault-point';
import { minorUnits, type CreateBookingBody } from './booking-input';
import { auditBooker } from './booker-audit';
import { bookingDenialsAudited } from './booking-denials';
import {
  bookingCreatedAudited,
  bookingPreconditions,
  deletePendingBooking,
  insertBooking,
  type AcceptedRow,
} from './accept-rows';
import { statusUrlOf } from './booking-view';
import type { BookingOrigin, BookingsDeps } from './deps';
import { refuseIfPaymentsBlocked } from './refuse-blocked-payer';
import { bookingSagaStart, supplierItem } from './saga-start';

export interface BookingAccepted {
  id: string;
  status: string;
  statusUrl: string;
}

/**
 * The passengers are encrypted under the booker's key, which the keyring reads (or creates) on
 * a connection of its own, before the single insert statement: never while holding a connection
 * another booking waits for (crash test).
 */
async function writeBooking(
  deps: BookingsDeps,
  actor: Actor,
  body: CreateBookingBody,
  idempotencyKey: string,
  companyId: string | null,
): Promise<AcceptedRow> {
  const sequelize = deps.models.Booking.sequelize!;
  await keyringOf(sequelize).userKey(actor.id, { create: true });
  return insertBooking(sequelize, actor, body, idempotencyKey, companyId);
}

async function existingBooking(deps: BookingsDeps, actor: Actor, key: string): Promise<AcceptedRow | null> {
  return deps.models.Booking.findOne({
    where: { user_id: actor.id, idempotency_key: key },
    attributes: ['id', 'status', 'kind', 'amount_minor', 'currency', 'workflow_id'],
  });
}

/** Starts the booking's saga; false when its workflow was already started (by another request). */
async function startSaga(
  deps: BookingsDeps,
  actor: Actor,
  booking: AcceptedRow,
  body: CreateBookingBody,
  item: SupplierItem,
): Promise<boolean> {
  try {
    await deps.temporal.workflow.start('bookingWorkflow', bookingSagaStart(deps, actor, booking, body, item));
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

/** `booking.created` (SEC-LOG-03), written by whichever request started the booking's saga. */
function auditCreated(deps: BookingsDeps, actor: Actor, origin: BookingOrigin, booking: AcceptedRow) {
  return auditBooker(deps, actor, origin, {
    type: 'booking.created',
    outcome: 'success',
    resource: { type: 'booking', id: booking.id },
    details: {
      kind: booking.kind,
      amountMinor: booking.amount_minor,
      currency: booking.currency,
      workflowId: booking.workflow_id,
    },
  });
}

/**
 * A replay of a booking still PENDING: the accept that wrote it may have died before its start
 * (issue 20.1), so the saga is started again; the start is idempotent by workflow id, so a saga
 * already running is left alone. The replay must be the same booking (SEC-IDEM-01).
 */
async function restartSaga(
  deps: BookingsDeps,
  actor: Actor,
  booking: AcceptedRow,
  body: CreateBookingBody,
  item: SupplierItem,
  origin: BookingOrigin,
): Promise<void> {
  if (
    booking.kind !== body.kind ||
    booking.amount_minor !== minorUnits(body.amount) ||
    booking.currency !== body.currency
  ) {
    throw errors.unprocessable('IDEMPOTENCY_KEY_MISMATCH', 'This key was used for another booking');
  }
  let started: boolean;
  try {
    started = await startSaga(deps, actor, booking, body, item);
  } catch (err) {
    deps.logger.error(
      { err, action: 'booking.start', result: 'failure', booking_id: booking.id },
      'saga not restarted',
    );
    throw errors.unavailable();
  }
  // The accept that wrote the row died before its audit (this request started the saga), or its
  // start reached Temporal but its answer was lost (the saga runs, its audit was never written).
  const sequelize = deps.models.Booking.sequelize!;
  if (started || !(await bookingCreatedAudited(sequelize, booking.id))) {
    await auditCreated(deps, actor, origin, booking);
  }
}

/**
 * `POST /api/v1/bookings`: the booker must hold `book`, a verified email (SEC-AUTH-07) and
 * payments that are not blocked after repeated declines (SEC-PAY-06). The
 * preconditions are read in one statement, the PENDING booking and its passengers written in
 * one (services/bookings/accept-rows.ts, atomic on its own), then the saga starts under
 * the (user, key) workflow id (SEC-IDEM-02). A repeated key finds its booking by the unique
 * (user_id, idempotency_key), never a second one. When the workflow was surely not started the
 * row is taken back; when the start may have reached Temporal it stays PENDING for the retry (or
 * the orphan sweep); either way the client may retry with the same key.
 */
export function createBooking(
  deps: BookingsDeps,
  actor: Actor,
  body: CreateBookingBody,
  /** Canonical (lower case), as the idempotency middleware parsed it: taken as it is. */
  key: CanonicalIdempotencyKey,
  origin: BookingOrigin,
): Promise<BookingAccepted> {
  return bookingDenialsAudited(deps, actor, origin, { action: 'bookings.create' }, () =>
    acceptBooking(deps, actor, body, key, origin),
  );
}

async function acceptBooking(
  deps: BookingsDeps,
  actor: Actor,
  body: CreateBookingBody,
  key: CanonicalIdempotencyKey,
  origin: BookingOrigin,
): Promise<BookingAccepted> {
  assertCan(actor, 'book');
  const sequelize = deps.models.Booking.sequelize!;
  const now = new Date();
  const pre = await bookingPreconditions(sequelize, actor.id, key, now);
  if (!pre?.emailVerified) throw new AppError(403, 'EMAIL_NOT_VERIFIED', 'Verify your email address first');
  const item = supplierItem(body);
  let booking = pre.existingBookingId ? await existingBooking(deps, actor, key) : null;
  if (booking?.status === 'PENDING') await restartSaga(deps, actor, booking, body, item, origin);
  if (!booking) {
    await refuseIfPaymentsBlocked(deps, actor, origin, pre.blockedUntil, now);
    try {
      booking = await writeBooking(deps, actor, body, key, pre.companyId);
    } catch (err) {
      if (!(err instanceof UniqueConstraintError)) throw err;
      booking = await existingBooking(deps, actor, key);
      if (!booking) throw err;
    }
    testFaultPoint('afterBookingInsert', `booking ${booking.id}`);
    let started: boolean;
    try {
      started = await startSaga(deps, actor, booking, body, item);
    } catch (err) {
      deps.logger.error(
        { err, action: 'booking.start', result: 'failure', booking_id: booking.id },
        'saga not started',
      );
      // A start that may have reached Temporal (past its deadline, an answer lost) keeps its row
      // PENDING (issue 20.2): a retry with the key restarts it, idempotent by workflow id, and the
      // orphan sweep fails it otherwise. Taking it back could leave a saga running for no row.
      if (!(err instanceof DependencyUnavailableError && err.sent))
        await deletePendingBooking(sequelize, booking.id);
      throw errors.unavailable();
    }
    if (started) await auditCreated(deps, actor, origin, booking);
  }
  return { id: booking.id, status: booking.status, statusUrl: statusUrlOf(booking.id) };
}
