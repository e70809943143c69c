import test from 'ava';
import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { ReconciliationWorkflowInput } from '../../workflows/maintenance-pool';
import type { PaymentsHarness } from '../payments/helpers/payments-db';
import { reconciliationStack, type ReconciliationStack } from './helpers/reconciliation-stack';
import {
  chargeBehindTheBack,
  paidBooking,
  paymentStripeNeverSaw,
  refundBehindTheBack,
  refundStripeNeverSaw,
  storedFindings,
  type PaidBooking,
} from './helpers/reconciliation-fixtures';
import { localstripeObject } from '../payments/helpers/stripe-stack';

// One private database; localstripe is the stack's, shared with every other test. Its charges
// and refunds that are not ours are, rightly, "missing on the platform" for this database: the
// assertions look at our objects only, and at the platform-side kinds, which only our rows make.
const STRIPE_ONLY_KINDS = new Set(['missing_on_platform', 'refund_missing_on_platform']);
let stack: ReconciliationStack;
let day: string;
let h: PaymentsHarness;
let clean: { confirmed: PaidBooking; refunded: PaidBooking; refundId: string; stripeRefundId: string };

test.before(async () => {
  stack = await reconciliationStack('rc');
  ({ day, h } = stack);
  const confirmed = await paidBooking(h, { status: 'CONFIRMED' });
  const refunded = await paidBooking(h, { status: 'CANCELLED' });
  const refundId = randomUUID();
  await h.activities.refundPayment({ actor: refunded.actor, bookingId: refunded.bookingId, refundId });
  const row = (await h.models.PaymentRefund.findByPk(refundId))!;
  clean = { confirmed, refunded, refundId, stripeRefundId: row.stripe_refund_id! };
});

test.after.always(async () => stack?.close());

const reconcile = (extra: Partial<ReconciliationWorkflowInput> = {}) => stack.reconcile(extra);

const platformSide = <F extends { kind: string }>(findings: F[]) =>
  findings.filter((f) => !STRIPE_ONLY_KINDS.has(f.kind));

test.serial(
  'SEC-PAY-02 reconciliation of a clean day finds nothing about the platform’s payments and refunds',
  async (t) => {
    const summary = await reconcile();
    t.true(summary.compared >= 4, 'both payments, their charges and the refund were compared');
    const findings = await storedFindings(h, day);
    t.deepEqual(platformSide(findings), []);
    const ours = [
      clean.confirmed.paymentId,
      clean.confirmed.chargeId,
      clean.refunded.paymentId,
      clean.refunded.chargeId,
      clean.refundId,
      clean.stripeRefundId,
    ];
    t.deepEqual(
      findings.filter((f) => ours.includes(f.subject)),
      [],
    );
  },
);

test.serial(
  'SEC-PAY-02 SEC-LOG-03 reconciliation finds one planted mismatch of each kind, cancels the authorisation left open past its booking’s end and audits the run',
  async (t) => {
    // Behind the platform's back, at Stripe: a charge and a refund it never made.
    const strayCharge = await chargeBehindTheBack(4_321);
    const strayRefund = await refundBehindTheBack(clean.confirmed.chargeId, 100);
    // Behind its back, in the database.
    const amount = await paidBooking(h, { status: 'CONFIRMED' });
    await h.models.Payment.update(
      { amount_minor: amount.amountMinor + 55 },
      { where: { id: amount.paymentId } },
    );
    const status = await paidBooking(h, { status: 'CONFIRMED' });
    await h.models.Payment.update({ status: 'processing' }, { where: { id: status.paymentId } });
    const unconfirmed = await paidBooking(h, { status: 'FAILED' });
    const open = await paidBooking(h, { status: 'AWAITING_PAYMENT', capture: false, checkOut: '2020-01-02' });
    const ghost = await paymentStripeNeverSaw(h);
    const ghostRefund = await refundStripeNeverSaw(h, clean.confirmed.paymentId);
    await h.models.PaymentRefund.update({ amount_minor: 1 }, { where: { id: clean.refundId } });

    const summary = await reconcile();

    const expected = [
      { kind: 'amount_differs', subject: amount.paymentId },
      { kind: 'authorisation_open', subject: open.paymentId },
      { kind: 'captured_without_confirmed_booking', subject: unconfirmed.paymentId },
      { kind: 'missing_on_platform', subject: strayCharge },
      { kind: 'missing_on_stripe', subject: ghost },
      { kind: 'refund_amount_differs', subject: clean.refundId },
      { kind: 'refund_missing_on_platform', subject: strayRefund },
      { kind: 'refund_missing_on_stripe', subject: ghostRefund },
      { kind: 'status_differs', subject: status.paymentId },
    ];
    const findings = await storedFindings(h, day);
    const mine = new Set(expected.map((e) => e.subject));
    t.deepEqual(
      findings.filter((f) => mine.has(f.subject)).map((f) => ({ kind: f.kind, subject: f.subject })),
      expected,
    );
    t.deepEqual(
      platformSide(findings)
        .map((f) => f.subject)
        .sort(),
      expected
        .filter((e) => !STRIPE_ONLY_KINDS.has(e.kind))
        .map((e) => e.subject)
        .sort(),
      'no platform-side finding but the planted ones',
    );

    // The one automatic fix: the stale authorisation is cancelled at Stripe and marked fixed.
    t.is(summary.authorisationsCancelled, 1);
    t.true(findings.find((f) => f.subject === open.paymentId)!.auto_fixed);
    const intent = await localstripeObject<{ status: string }>(`/v1/payment_intents/${open.intentId}`);
    t.is(intent.status, 'canceled');

    const [audited] = await h.sequelize.query<{ canonical: string; resource_id: string }>(
      `SELECT canonical, resource_id FROM audit_events
        WHERE event_type = 'reconciliation.completed' ORDER BY sequence DESC LIMIT 1`,
      { type: QueryTypes.SELECT },
    );
    t.is(audited?.resource_id, day);
    const details = (JSON.parse(audited!.canonical) as { details: Record<string, unknown> }).details;
    t.like(details, { day, newFindings: summary.stored, authorisationsCancelled: 1 });
    t.true(summary.stored >= expected.length);
  },
);

test.serial('SEC-PAY-02 a re-run of the same day stores no finding twice', async (t) => {
  const before = await storedFindings(h, day);
  const summary = await reconcile();
  const after = await storedFindings(h, day);
  const key = (f: { kind: string; subject: string }) => `${f.kind} ${f.subject}`;
  const added = after.filter((f) => !before.some((b) => key(b) === key(f)));
  // Other tests may charge at the shared localstripe meanwhile: those, and only those, are new.
  t.is(summary.stored, added.length);
  t.true(added.every((f) => STRIPE_ONLY_KINDS.has(f.kind)));
  t.deepEqual(
    after.filter((f) => before.some((b) => key(b) === key(f))),
    before,
  );
});
