import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { AuditEvent } from '../../../lib/audit';
import { createAuditWriter } from '../../../lib/audit';
import { createSequelize } from '../../../lib/clients/database';
import { createMigrator } from '../../../db/migrator';
import type { Config } from '../../../lib/config';
import { keyringFromConfig } from '../../../lib/crypto';
import { createLogger } from '../../../lib/logger';
import type { Actor } from '../../../lib/rbac';
import { assertStepUp, createAccounts, type AccountsDeps } from '../../../services/accounts';
import { createBooking } from '../../../services/bookings';
import type { RefundsDeps } from '../../../services/refunds';
import type { BookingResult } from '../../../workflows/bookings/messages';
import { createUser, enrolMfa, totpCode } from '../../accounts/helpers/accounts-data';
import { flightBooking, flightPicker } from '../../bookings/helpers/booking-body';
import { sagaHarness, type SagaHarness } from '../../bookings/helpers/saga-harness';
import { deleteByPrefix, readyRedis, uniquePrefix } from '../../helpers/redis-keys';
import { createPaymentMethod, TEST_CARDS } from '../../payments/helpers/stripe-stack';

export const ORIGIN = { ip: '203.0.113.44', requestId: 'req-refunds' };

export interface Admin {
  actor: Actor;
  /** Their verified login address (escalation mails go there). */
  email: string;
  /** A TOTP code not used before (good once per admin: a code is spent on use). */
  freshCode(): Promise<string>;
}

export interface RefundsStack {
  saga: SagaHarness;
  accounts: AccountsDeps;
  deps(settings?: Partial<Config['refunds']>): RefundsDeps;
  /** A CONFIRMED booking of `booker` (a new customer when absent), its payment captured in full. */
  confirmedBooking(booker?: Actor): Promise<{ booker: Actor; bookingId: string; capturedMinor: number }>;
  /** A PLATFORM_ADMIN with MFA enrolled. */
  admin(): Promise<Admin>;
  auditOf(resourceId: string): Promise<AuditEvent[]>;
  refundRow(
    id: string,
  ): Promise<{ status: string; decided_by: string | null; decision_reason: string | null }>;
  close(): Promise<void>;
}

/**
 * The refund services on the real stack: the booking saga harness (private database, the four
 * pools' workers, simulator, Stripe) and the account services on the same database for step-up.
 */
export async function refundsStack(): Promise<RefundsStack> {
  const saga = await sagaHarness();
  // The shared template may predate migration 0700: bring the private database up to date.
  const owner = createSequelize(saga.db.config, 'owner');
  try {
    await createMigrator(owner).up();
  } finally {
    await owner.close();
  }
  const pick = await flightPicker(saga);
  const redis = await readyRedis();
  const keyPrefix = uniquePrefix('refunds');
  const logger = createLogger({ serviceName: 'travelhub-test', log: { level: 'warn' } });
  const accounts = createAccounts({
    config: saga.config,
    sequelize: saga.sequelize,
    keyring: keyringFromConfig(saga.config, saga.sequelize),
    redis,
    audit: createAuditWriter(saga.sequelize),
    sessions: { revokeUserSessions: () => Promise.resolve(0) },
    dispatchEmail: () => Promise.resolve(),
    captcha: { verify: () => Promise.resolve(true) },
    logger,
    keyPrefix,
  });
  return {
    saga,
    accounts,
    deps: (settings = {}) => ({
      sequelize: saga.sequelize,
      temporal: saga.client,
      queues: saga.queues,
      settings: {
        approvalThresholdMinor: 50_000,
        escalateAfterSeconds: 3_600,
        decisionTimeoutSeconds: 7_200,
        ...settings,
      },
      audit: createAuditWriter(saga.sequelize),
      stepUp: (actor, proof, origin) => assertStepUp(accounts, actor, proof, 'refund_approval', origin),
    }),
    async confirmedBooking(given) {
      const booker = given ?? (await saga.customer());
      const body = flightBooking(pick(), await createPaymentMethod(TEST_CARDS.succeeds));
      const accepted = await createBooking(saga.deps(), booker, body, randomUUID(), ORIGIN);
      const [row] = await saga.sequelize.query<{ workflow_id: string }>(
        'SELECT workflow_id FROM bookings WHERE id = $1',
        { bind: [accepted.id], type: QueryTypes.SELECT },
      );
      const result = (await saga.client.workflow.getHandle(row!.workflow_id).result()) as BookingResult;
      if (result.status !== 'CONFIRMED') throw new Error(`booking ended ${result.status}`);
      const [payment] = await saga.sequelize.query<{ captured_minor: string }>(
        'SELECT captured_minor FROM payments WHERE booking_id = $1',
        { bind: [accepted.id], type: QueryTypes.SELECT },
      );
      return { booker, bookingId: accepted.id, capturedMinor: Number(payment!.captured_minor) };
    },
    async admin() {
      const user = await createUser(accounts, { role: 'PLATFORM_ADMIN' });
      const { secret } = await enrolMfa(accounts, user);
      const actor: Actor = { id: user.id, role: 'PLATFORM_ADMIN', sessionId: randomUUID() };
      // The enrolment spent the current step's code: the next step's is within the drift window.
      return { actor, email: user.email, freshCode: () => totpCode(accounts, secret, 1) };
    },
    async auditOf(resourceId) {
      const rows = await saga.sequelize.query<{ canonical: string }>(
        'SELECT canonical FROM audit_events WHERE resource_id = :id ORDER BY sequence',
        { type: QueryTypes.SELECT, replacements: { id: resourceId } },
      );
      return rows.map((r) => JSON.parse(r.canonical) as AuditEvent);
    },
    async refundRow(id) {
      const [row] = await saga.sequelize.query<{
        status: string;
        decided_by: string | null;
        decision_reason: string | null;
      }>('SELECT status, decided_by, decision_reason FROM refund_requests WHERE id = $1', {
        bind: [id],
        type: QueryTypes.SELECT,
      });
      return row!;
    },
    async close() {
      await accounts.background.drain();
      await deleteByPrefix(redis, keyPrefix);
      redis.disconnect();
      await saga.close();
    },
  };
}
