import { activityInfo, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type Stripe from 'stripe';
import {
  compareCharge,
  compareIntent,
  compareStripeRefund,
  refundMissingOnStripe,
  type Finding,
  type FindingKind,
  type StripeIntentView,
} from '../../services/reconciliation/findings';
import type { PaymentActivityDeps } from './payment-activities';
import {
  countFindingsOfDay,
  dayBounds,
  markAutoFixed,
  platformPayments,
  platformRefunds,
  storeFindings,
} from './reconciliation-data';
import { isStripeError, stripeFailure } from './stripe-requests';

const PAGE = 100;
const HOUR_MS = 3_600_000;

export interface ReconcileDayInput {
  /** The UTC day compared, `YYYY-MM-DD`. */
  day: string;
  /** The workflow's clock (epoch ms): "past its booking's end" is judged against it. */
  nowMs: number;
}

/** An authorisation that outlived its booking: the workflow cancels it. */
export interface StaleAuthorisation {
  bookingId: string;
  paymentId: string;
}

export interface ReconcileDayResult {
  day: string;
  /** Stripe objects and platform rows compared. */
  compared: number;
  /** Findings stored by this run (a re-run of a day stores none it already had). */
  stored: number;
  staleAuthorisations: StaleAuthorisation[];
}

type Phase = 'charges' | 'refunds' | 'intents' | 'platform_refunds' | 'done';

/** The heartbeat: where a retry picks up (each page's findings are stored before it beats). */
interface Progress {
  phase: Phase;
  after: string | null;
  compared: number;
  stored: number;
  staleAuthorisations: StaleAuthorisation[];
}

function chargeView(c: Stripe.Charge) {
  const intent = typeof c.payment_intent === 'string' ? c.payment_intent : (c.payment_intent?.id ?? null);
  return {
    id: c.id,
    paymentIntentId: intent,
    amountMinor: c.amount,
    currency: c.currency.toUpperCase(),
    captured: c.captured,
  };
}

async function retrieveOrNull<T>(read: () => Promise<T>, operation: string): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (isStripeError(err) && err.statusCode === 404) return null;
    throw stripeFailure(err, operation);
  }
}

/**
 * Issue 17.5, `reconcileStripeDay` (payments queue: the Stripe key and the payment data keys live
 * only in this pool). Four resumable passes, each heartbeating its cursor after storing a page's
 * findings: Stripe's charges of the day (`created[gt]` and `starting_after`, the filter both
 * Stripe and localstripe accept; the day's end is cut here), Stripe's refunds (newest first,
 * until one older than the day), then each platform payment and refund of the day read back from
 * Stripe. Platform rows are matched on their decrypted Stripe ids, within an hour either side of
 * the day so a payment written just before midnight still matches its charge.
 */
export function reconciliationActivities({ stripe, models }: PaymentActivityDeps) {
  return {
    async reconcileStripeDay(input: ReconcileDayInput): Promise<ReconcileDayResult> {
      let bounds: { startMs: number; endMs: number };
      try {
        bounds = dayBounds(input.day);
      } catch {
        throw ApplicationFailure.nonRetryable('day must be YYYY-MM-DD', 'InvalidInput');
      }
      const { startMs, endMs } = bounds;
      const payments = await platformPayments(models, startMs - HOUR_MS, endMs + HOUR_MS);
      const refunds = await platformRefunds(models, startMs - HOUR_MS, endMs + HOUR_MS);
      const paymentByIntent = new Map(
        payments.filter((p) => p.paymentIntentId).map((p) => [p.paymentIntentId!, p]),
      );
      const refundByStripeId = new Map(
        refunds.filter((r) => r.stripeRefundId).map((r) => [r.stripeRefundId!, r]),
      );

      const resumed = activityInfo().heartbeatDetails as Progress | undefined;
      const p: Progress = resumed ?? {
        phase: 'charges',
        after: null,
        compared: 0,
        stored: 0,
        staleAuthorisations: [],
      };
      // A copy: the SDK encodes heartbeat details a little later, by when `p` may have moved on.
      const beat = () => heartbeat({ ...p, staleAuthorisations: [...p.staleAuthorisations] });
      const save = async (findings: Finding[], after: string | null, compared: number) => {
        p.stored += await storeFindings(models, input.day, findings);
        p.compared += compared;
        p.after = after;
        beat();
      };
      const next = (phase: Phase) => {
        p.phase = phase;
        p.after = null;
        beat();
      };

      while (p.phase === 'charges') {
        const page = await stripe.charges
          .list({
            limit: PAGE,
            created: { gt: Math.floor(startMs / 1000) - 1 },
            ...(p.after && { starting_after: p.after }),
          })
          .catch((err: unknown) => Promise.reject(stripeFailure(err, 'list charges')));
        const ofDay = page.data.filter((c) => c.created * 1000 < endMs);
        const findings = ofDay.flatMap((c) => {
          const view = chargeView(c);
          return compareCharge(
            view,
            view.paymentIntentId ? paymentByIntent.get(view.paymentIntentId) : undefined,
          );
        });
        await save(findings, page.data.at(-1)?.id ?? p.after, ofDay.length);
        if (!page.has_more) next('refunds');
      }

      while (p.phase === 'refunds') {
        const page = await stripe.refunds
          .list({ limit: PAGE, ...(p.after && { starting_after: p.after }) })
          .catch((err: unknown) => Promise.reject(stripeFailure(err, 'list refunds')));
        const ofDay = page.data.filter((r) => r.created * 1000 >= startMs && r.created * 1000 < endMs);
        const findings = ofDay.flatMap((r) =>
          compareStripeRefund({ id: r.id, amountMinor: r.amount }, refundByStripeId.get(r.id)),
        );
        await save(findings, page.data.at(-1)?.id ?? p.after, ofDay.length);
        const older = page.data.some((r) => r.created * 1000 < startMs);
        if (!page.has_more || older) next('intents');
      }

      if (p.phase === 'intents') {
        const ofDay = payments.filter(
          (x) => x.paymentIntentId && x.id > (p.after ?? '') && x.createdMs >= startMs && x.createdMs < endMs,
        );
        for (const payment of ofDay) {
          const intent = await retrieveOrNull(
            () => stripe.paymentIntents.retrieve(payment.paymentIntentId!),
            'read PaymentIntent',
          );
          const view: StripeIntentView | null = intent && {
            status: intent.status,
            amountMinor: intent.amount,
            currency: intent.currency.toUpperCase(),
          };
          const compared = compareIntent(payment, view, input.nowMs);
          if (compared.cancelAuthorisation) {
            p.staleAuthorisations.push({ bookingId: payment.bookingId, paymentId: payment.id });
          }
          await save(compared.findings, payment.id, 1);
        }
        next('platform_refunds');
      }

      if (p.phase === 'platform_refunds') {
        const issued = refunds.filter(
          (r) => r.status === 'succeeded' && r.stripeRefundId && r.id > (p.after ?? ''),
        );
        for (const refund of issued) {
          if (refund.createdMs < startMs || refund.createdMs >= endMs) continue;
          const known = await retrieveOrNull(
            () => stripe.refunds.retrieve(refund.stripeRefundId!),
            'read refund',
          );
          await save(known ? [] : [refundMissingOnStripe(refund)], refund.id, 1);
        }
        next('done');
      }

      return {
        day: input.day,
        compared: p.compared,
        stored: p.stored,
        staleAuthorisations: p.staleAuthorisations,
      };
    },

    /** Marks the day's open-authorisation findings of these payments as fixed (cancelled). */
    async markAuthorisationsCancelled(input: { day: string; paymentIds: string[] }): Promise<number> {
      return markAutoFixed(models, input.day, input.paymentIds);
    },

    /** How many findings the day has, by kind (ids and amounts stay in the table). */
    async countFindings(input: { day: string }): Promise<Partial<Record<FindingKind, number>>> {
      return countFindingsOfDay(models, input.day);
    },
  };
}
