import * as yup from 'yup';
import { approveRefund, denyRefund, listRefunds, requestRefund } from '../../../services/refunds';
import { idempotencyKeyOf } from '../../middleware/idempotency';
import { answer, defineRoute } from '../../routing';
import type { RouteDeps } from '../deps';
import { idempotencyKeyHeader, uuidIdParams } from '../keyed-mutation-schemas';
import { bookingOriginOf } from '../bookings/bookings-api';
import { needRefunds } from './refunds-api';
import {
  approveBody,
  denyBody,
  EXAMPLE_REFUND,
  EXAMPLE_REFUND_ID,
  refundAnswer,
  refundList,
  refundRequestBody,
  refundState,
} from './schemas';

const idempotencyHeader = idempotencyKeyHeader('A new UUID per decision or request');
const KEY_ANSWERS = {
  409: answer.error('IDEMPOTENCY_KEY_IN_FLIGHT, or the refund was already decided (REFUND_NOT_PENDING).'),
  422: answer.error('IDEMPOTENCY_KEY_MISMATCH: this key was used for another request.'),
};

/**
 * Refund requests (SEC-PAY-04): request (the booker, or support for any booking), list for
 * approvers, approve (above the threshold: another PLATFORM_ADMIN than the requester, MFA
 * step-up), deny with a reason code. Every mutation requires an Idempotency-Key (SEC-IDEM-01).
 */
export function refundRoutes(deps: RouteDeps) {
  const api = deps.refunds;
  const keyed = api ? [api.idempotency] : [];
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/bookings/:id/refunds',
      summary: 'Ask for a refund of a booking, with a reason code (requires Idempotency-Key)',
      tag: 'refunds',
      permission: 'request_refund',
      params: uuidIdParams,
      headers: idempotencyHeader,
      body: refundRequestBody,
      middleware: keyed,
      links: {
        202: {
          ApproveRefund: {
            method: 'POST' as const,
            path: '/api/v1/refunds/:id/approve',
            parameters: { id: '$response.body#/id' },
          },
          DenyRefund: {
            method: 'POST' as const,
            path: '/api/v1/refunds/:id/deny',
            parameters: { id: '$response.body#/id' },
          },
        },
      },
      responses: {
        202: answer.json('Accepted: the request waits for an approver.', refundAnswer, EXAMPLE_REFUND),
        404: answer.error('No such booking of the caller (NOT_FOUND).'),
        ...KEY_ANSWERS,
      },
      async handler(ctx) {
        ctx.body = await requestRefund(
          needRefunds(api).refunds,
          ctx.state.actor,
          ctx.state.input.params.id,
          ctx.state.input.body,
          idempotencyKeyOf(ctx),
          bookingOriginOf(ctx),
        );
        ctx.status = 202;
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/refunds',
      summary: 'Refund requests by status, oldest first (approvers)',
      tag: 'refunds',
      permission: 'approve_refunds',
      query: yup.object({
        status: yup
          .string()
          .strict()
          .oneOf(['pending', 'approved', 'issued', 'denied', 'expired', 'failed'] as const)
          .required(),
      }),
      responses: { 200: answer.json('Up to 100 requests.', refundList, { refunds: [EXAMPLE_REFUND] }) },
      async handler(ctx) {
        ctx.body = {
          refunds: await listRefunds(
            needRefunds(api).refunds,
            ctx.state.actor,
            ctx.state.input.query.status,
            bookingOriginOf(ctx),
          ),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/refunds/:id/approve',
      summary:
        'Approve a refund; above the threshold a second admin with MFA step-up (requires Idempotency-Key)',
      tag: 'refunds',
      permission: 'approve_refunds',
      params: uuidIdParams,
      headers: idempotencyHeader,
      body: approveBody,
      middleware: keyed,
      responses: {
        200: answer.json('Decided: issued, or failed at Stripe.', refundState, {
          refundId: EXAMPLE_REFUND_ID,
          status: 'issued',
          escalated: false,
        }),
        403: answer.error('REFUND_FOUR_EYES, MFA_STEP_UP_REQUIRED or MFA_ENROLMENT_REQUIRED.'),
        404: answer.error('No such refund (NOT_FOUND).'),
        ...KEY_ANSWERS,
      },
      async handler(ctx) {
        ctx.body = await approveRefund(
          needRefunds(api).refunds,
          ctx.state.actor,
          ctx.state.input.params.id,
          ctx.state.input.body,
          bookingOriginOf(ctx),
        );
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/refunds/:id/deny',
      summary: 'Deny a refund with a reason code (requires Idempotency-Key)',
      tag: 'refunds',
      permission: 'approve_refunds',
      params: uuidIdParams,
      headers: idempotencyHeader,
      body: denyBody,
      middleware: keyed,
      responses: {
        200: answer.json('Denied.', refundState, {
          refundId: EXAMPLE_REFUND_ID,
          status: 'denied',
          escalated: false,
        }),
        403: answer.error('REFUND_FOUR_EYES: above the threshold the requester does not decide.'),
        404: answer.error('No such refund (NOT_FOUND).'),
        ...KEY_ANSWERS,
      },
      async handler(ctx) {
        ctx.body = await denyRefund(
          needRefunds(api).refunds,
          ctx.state.actor,
          ctx.state.input.params.id,
          ctx.state.input.body.reason,
          bookingOriginOf(ctx),
        );
      },
    }),
  ];
}
