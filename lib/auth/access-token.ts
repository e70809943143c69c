import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { JWT_ALGORITHM, type JwtKeySet } from './jwt-keys';

/** RFC 9068's media type for access tokens: a token of any other type is never accepted as one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
}

export interface AccessTokenSubject {
  userId: string;
  sessionId: string;
}

/**
 * SEC-SESS-02: an ES256 JWT naming its key, typed at+jwt, with iss/aud/iat/nbf/exp. It carries
 * ids only: role and company come from the live session on every request, never from the token.
 */
export function signAccessToken(
  keys: JwtKeySet,
  settings: AccessTokenSettings,
  subject: AccessTokenSubject,
  nowMs: number,
): { token: string; expiresAt: Date } {
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + settings.accessTtlSeconds;
  const token = jwt.sign(
    {
      iss: settings.issuer,
      aud: settings.audience,
      sub: subject.userId,
      sid: subject.sessionId,
      jti: randomUUID(),
      iat,
      nbf: iat,
      exp,
    },
    keys.signing.privateKey,
    {
      algorithm: JWT_ALGORITHM,
      keyid: keys.signing.kid,
      header: { alg: JWT_ALGORITHM, typ: ACCESS_TOKEN_TYPE },
    },
  );
  return { token, expiresAt: new Date(exp * 1000) };
}
