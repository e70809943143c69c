import type { PaymentReadback } from '../../activities/payments/types';
import type { BookingWorkflowInput } from './messages';

/** For a workflow started before its input carried them: Stripe's 7 days, an hour's margin. */
const DEFAULT_VALIDITY_MS = 7 * 24 * 3_600_000;
const DEFAULT_MARGIN_MS = 3_600_000;

/**
 * Whether the card authorisation ends before the saga can safely confirm and capture: Stripe's
 * `capture_before` when it gives one, else the configured validity after the authorisation, less
 * a margin that covers the supplier's confirm (up to its 5-minute deadline) and the capture.
 * `nowMs` is workflow time, so a replay decides the same.
 */
export function authorisationLapsing(
  readback: PaymentReadback,
  timeouts: BookingWorkflowInput['timeouts'],
  nowMs: number,
): boolean {
  if (!readback.authorised) return false;
  const validityMs = timeouts.authorisationValidityMs ?? DEFAULT_VALIDITY_MS;
  const marginMs = timeouts.captureMarginMs ?? DEFAULT_MARGIN_MS;
  const endsAt =
    readback.captureBeforeMs ??
    (readback.authorisedAtMs === null ? Number.NEGATIVE_INFINITY : readback.authorisedAtMs + validityMs);
  return nowMs + marginMs >= endsAt;
}
