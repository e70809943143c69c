import * as yup from 'yup';
import { errors } from '../../../lib/errors';
import { isActor } from '../../../lib/rbac';
import { exportMyData, type ExportStepUpProof } from '../../../services/privacy';
import type { RateLimitSubject } from '../../middleware/rate-limit';
import { answer, defineRoute, type RouteDeclaration } from '../../routing';
import type { AppContext, AppMiddleware } from '../../state';
import { originOf } from '../accounts/accounts-api';
import { mfaCode, recoveryCode } from '../accounts/schemas';
import type { RouteDeps } from '../deps';
import { EXAMPLE_EXPORT, exportDocumentSchema } from './export-schemas';
import { needPrivacy } from './privacy-api';

/** The signed-in user: the route is never anonymous (the permission check refuses first). */
const byUser: RateLimitSubject = (ctx) => {
  const actor: unknown = ctx.state.actor;
  if (!isActor(actor)) throw new Error('no actor');
  return `user:${actor.id}`;
};

// A GET has no body: the step-up proof travels in headers, never in the URL (logs, history).
const stepUpHeaders = yup.object({
  'X-MFA-Code': mfaCode,
  'X-Recovery-Code': recoveryCode,
});

function stepUpProofOf(ctx: AppContext): ExportStepUpProof {
  const given = {
    mfaCode: ctx.get('X-MFA-Code') || undefined,
    recoveryCode: ctx.get('X-Recovery-Code') || undefined,
  };
  try {
    stepUpHeaders.validateSync({ 'X-MFA-Code': given.mfaCode, 'X-Recovery-Code': given.recoveryCode });
  } catch (err) {
    throw errors.validation(err instanceof Error ? err.message : 'Invalid step-up header');
  }
  return given;
}

/**
 * SEC-PRIV-01: the caller's personal data as one JSON document, streamed. A fresh MFA code in
 * `X-MFA-Code` (or an unused recovery code in `X-Recovery-Code`) is required; the limit is
 * counted before the code is checked, so a refused request never spends a code.
 */
export function exportRoutes(deps: Pick<RouteDeps, 'privacy'>): RouteDeclaration[] {
  const api = deps.privacy;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/users/me/export',
      summary: 'Everything the platform holds about me, as one JSON document (MFA step-up)',
      description:
        'Account, sessions and devices, bookings with passengers (decrypted, passports in full), ' +
        'payments (brand, last4, amounts), refunds, cancellation quotes, change charges, reviews and ' +
        'the audit events about me. Streamed (chunked); 5 a day. Schema: docs/privacy-export.md.',
      tag: 'privacy',
      permission: 'authenticated',
      headers: stepUpHeaders,
      middleware: api ? [api.rateLimit('privacyExports', byUser) as AppMiddleware] : [],
      responses: {
        200: answer.json('The document, streamed.', exportDocumentSchema, EXAMPLE_EXPORT),
        403: answer.error('MFA_STEP_UP_REQUIRED (no or a wrong code) or MFA_ENROLMENT_REQUIRED.'),
        401: answer.error('SESSION_ENDED: too many wrong codes in this session, sign in again.'),
      },
      async handler(ctx) {
        const proof = stepUpProofOf(ctx as unknown as AppContext);
        const stream = await exportMyData(needPrivacy(api).export, ctx.state.actor, proof, originOf(ctx));
        ctx.type = 'application/json';
        ctx.set('Content-Disposition', 'attachment; filename="travelhub-personal-data.json"');
        ctx.body = stream;
      },
    }),
  ] as RouteDeclaration[];
}
