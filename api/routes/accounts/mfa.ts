import * as yup from 'yup';
import { confirmMfaEnrolment, disableMfa, startMfaEnrolment } from '../../../services/accounts';
import { answer, defineRoute } from '../../routing';
import { needAccounts, originOf, type AccountsApi } from './accounts-api';
import { done, mfaCode, stepUp } from './schemas';

const enrolment = yup.object({
  secret: yup.string().required().description('Base32 TOTP secret, shown only now'),
  otpauthUri: yup.string().required().description('For a QR code in the authenticator app'),
});
const recovery = yup.object({
  recoveryCodes: yup
    .array(yup.string().required())
    .required()
    .description('Ten single-use codes, shown only now'),
});

/** SEC-AUTH-06: TOTP enrolment with confirmation, and removal with step-up. */
export function mfaRoutes(api: AccountsApi | undefined) {
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/mfa/enrolment',
      summary: 'Start TOTP enrolment: a new secret to confirm',
      tag: 'auth',
      permission: 'authenticated',
      responses: {
        201: answer.json('A new, unconfirmed secret.', enrolment, {
          secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
          otpauthUri:
            'otpauth://totp/TravelHub:ada%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=TravelHub',
        }),
        409: answer.error('MFA_ALREADY_ENROLLED.'),
      },
      async handler(ctx) {
        ctx.status = 201;
        ctx.body = await startMfaEnrolment(needAccounts(api).accounts, ctx.state.actor!);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/mfa/enrolment/confirm',
      summary: 'Confirm TOTP enrolment with a first code; returns recovery codes',
      tag: 'auth',
      permission: 'authenticated',
      body: yup.object({ mfaCode: mfaCode.required() }),
      responses: {
        200: answer.json('MFA is on; other sessions have ended.', recovery, {
          recoveryCodes: ['ABCD-EFGH-JKLM-NPQR'],
        }),
        400: answer.error('MFA_INVALID.'),
        409: answer.error('MFA_NOT_STARTED.'),
      },
      async handler(ctx) {
        const { accounts } = needAccounts(api);
        ctx.body = await confirmMfaEnrolment(
          accounts,
          ctx.state.actor!,
          ctx.state.input.body.mfaCode,
          originOf(ctx),
        );
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/auth/mfa/disable',
      summary: 'Turn MFA off (step-up with a current code); not for administrators',
      tag: 'auth',
      permission: 'authenticated',
      body: yup.object(stepUp),
      responses: {
        200: answer.json('MFA is off; other sessions have ended.', done, { status: 'ok' }),
        403: answer.error('MFA_STEP_UP_REQUIRED, MFA_REQUIRED_FOR_ROLE, MFA_ENROLMENT_REQUIRED.'),
      },
      async handler(ctx) {
        await disableMfa(needAccounts(api).accounts, ctx.state.actor!, ctx.state.input.body, originOf(ctx));
        ctx.body = { status: 'ok' };
      },
    }),
  ];
}
