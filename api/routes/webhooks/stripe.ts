import * as yup from 'yup';
import { AppError, errors } from '../../../lib/errors';
import type { WebhookReceiver } from '../../../services/payments';
import type { Metrics, WebhookOutcome } from '../../metrics';
import { answer, defineRoute } from '../../routing';

const receipt = yup.object({
  received: yup.boolean().required(),
  event_id: yup.string().required(),
  duplicate: yup.boolean().required(),
});

/**
 * `POST /api/v1/webhooks/stripe` (SEC-PAY-03). Public: Stripe is the caller, and the signature
 * over the raw body is its authentication (services/payments). Unsigned, badly signed and stale
 * events are refused; accepted ones go to the payment event port. An event id already processed
 * is answered 200 with `duplicate: true` and not acted on again: Stripe redelivers anything but a
 * 2xx for days. Every outcome is counted (`travelhub_webhook_events_total`). Without a configured
 * webhook secret the route refuses everything (503), never accepts unchecked.
 */
export function stripeWebhookRoute(receive: WebhookReceiver | undefined, metrics: Metrics) {
  const count = (outcome: WebhookOutcome) => metrics.webhookEvents.inc({ source: 'stripe', outcome });
  return defineRoute({
    method: 'POST',
    path: '/api/v1/webhooks/stripe',
    summary: 'Stripe webhook events, verified by their Stripe-Signature',
    tag: 'webhooks',
    permission: 'public',
    rawBody: { mediaType: 'application/json' },
    responses: {
      200: answer.json(
        'The event was verified and accepted; `duplicate: true` when its id was processed before (nothing was done again).',
        receipt,
        { received: true, event_id: 'evt_1ExampleEvent', duplicate: false },
      ),
      400: answer.error('No, a wrong or a stale Stripe-Signature, or a body that is not a Stripe event.'),
      503: answer.error('Webhooks are not configured (no webhook secret).'),
    },
    async handler(ctx) {
      if (!receive) throw errors.unavailable('Stripe webhooks are not configured');
      const signature = ctx.get('stripe-signature') || undefined;
      let accepted;
      try {
        accepted = await receive(ctx.state.rawBody!, signature);
      } catch (err) {
        if (err instanceof AppError && err.status === 400) count('refused');
        throw err;
      }
      if (accepted.duplicate) {
        ctx.state.log.info(
          { action: 'payment.webhook', result: 'duplicate', event_type: accepted.type },
          'Stripe event already processed: not acted on again',
        );
      }
      count(accepted.duplicate ? 'duplicate' : 'accepted');
      ctx.body = { received: true, event_id: accepted.eventId, duplicate: accepted.duplicate };
    },
  });
}
