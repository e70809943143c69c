import * as yup from 'yup';
import { issueLoginChallenge } from '../../../services/accounts';
import { answer, defineRoute, type RouteDeclaration } from '../../routing';
import { needAccounts, type AccountsApi } from './accounts-api';

/** altcha-lib v2's challenge, as the altcha widget fetches it from its `challengeurl`. */
const challengeSchema = yup
  .object({
    parameters: yup
      .object({
        algorithm: yup.string().required().description('Key derivation: SHA-256'),
        nonce: yup.string().required(),
        salt: yup.string().required(),
        cost: yup.number().integer().required(),
        keyLength: yup.number().integer().required(),
        keyPrefix: yup.string().required().description('Find the counter whose derived key starts with this'),
        keySignature: yup.string().optional(),
        expiresAt: yup.number().integer().required().description('Epoch seconds'),
      })
      .required(),
    signature: yup.string().required().description('HMAC of the parameters'),
  })
  .noUnknown();

const example: yup.InferType<typeof challengeSchema> = {
  parameters: {
    algorithm: 'SHA-256',
    nonce: '5f0c3a1e9b7d4c2a8e6f1b3d5a7c9e0f',
    salt: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    cost: 1,
    keyLength: 32,
    keyPrefix: '3f9a0c5e7b1d2f4a6c8e0b1d3f5a7c9e',
    keySignature: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d',
    expiresAt: 1_796_000_000,
  },
  signature: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
};

/**
 * SEC-AUTH-04: the self-hosted proof-of-work challenge a login needs after 5 failures. Public like
 * the login itself; solving it is the client's work, and each solution signs in once
 * (`captchaToken` of POST /api/v1/auth/login, base64 of `{challenge, solution}`).
 */
export function loginChallengeRoute(api: AccountsApi | undefined): RouteDeclaration {
  return defineRoute({
    method: 'GET',
    path: '/api/v1/auth/challenge',
    summary: 'A proof-of-work challenge for a login past 5 failures (altcha)',
    tag: 'auth',
    permission: 'public',
    responses: {
      200: answer.json('A signed challenge, valid for 5 minutes and one login.', challengeSchema, example),
      404: answer.error('NOT_FOUND when the deployment uses a third-party CAPTCHA instead.'),
    },
    async handler(ctx) {
      const { accounts } = needAccounts(api);
      ctx.body = await issueLoginChallenge(accounts);
    },
  }) as RouteDeclaration;
}
