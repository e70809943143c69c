import * as yup from 'yup';
import { errors } from '../../../lib/errors';
import type { WebhookReceiver } from '../../../services/payments';
import { answer, defineRoute } from '../../routing';

const receipt = yup.object({ received: yup.boolean().required(), event_id: yup.string().required() });

/**
 * `POST /api/v1/webhooks/stripe` (SEC-PAY-03). Public: Stripe is the caller, and the signature
 * over the raw body is its authentication (services/payments). Unsigned, badly signed, stale and
 * replayed events are refused; accepted ones go to the payment event port. Without a configured
 * webhook secret the route refuses everything (503), never accepts unchecked.
 */
export function stripeWebhookRoute(receive: WebhookReceiver | undefined) {
  return defineRoute({
    method: 'POST',
    path: '/api/v1/webhooks/stripe',
    summary: 'Stripe webhook events, verified by their Stripe-Signature',
    tag: 'webhooks',
    permission: 'public',
    rawBody: { mediaType: 'application/json' },
    responses: {
      200: answer.json('The event was verified and accepted.', receipt, {
        received: true,
        event_id: 'evt_1ExampleEvent',
      }),
      400: answer.error('No, a wrong or a stale Stripe-Signature, or a body that is not a Stripe event.'),
      409: answer.error('This event id was accepted before: a replay.'),
      503: answer.error('Webhooks are not configured (no webhook secret).'),
    },
    async handler(ctx) {
      if (!receive) throw errors.unavailable('Stripe webhooks are not configured');
      const signature = ctx.get('stripe-signature') || undefined;
      const accepted = await receive(ctx.state.rawBody!, signature);
      ctx.body = { received: true, event_id: accepted.eventId };
    },
  });
}
