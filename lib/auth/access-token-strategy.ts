import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Passport } from 'passport';
import { ExtractJwt, Strategy as JwtStrategy, type VerifiedCallback } from 'passport-jwt';
import { ACCESS_TOKEN_TYPE, type AccessTokenSettings, type AccessTokenSubject } from './access-token';
import { JWT_ALGORITHM, type JwtKeySet } from './jwt-keys';
import { VerifiedTokens } from './verified-tokens';

/** Why a presented access token was refused; `expired` and `missing` are routine, the rest suspicious. */
export type TokenRejection =
  | 'missing'
  | 'malformed'
  | 'header'
  | 'algorithm'
  | 'type'
  | 'unknown_kid'
  | 'signature'
  | 'expired'
  | 'not_yet_valid'
  | 'claims';

export type AccessTokenCheck =
  { ok: true; subject: AccessTokenSubject } | { ok: false; reason: TokenRejection };

/** The request as the strategy sees it: exactly one of the two places a token may come from. */
export interface TokenRequest {
  headers: { authorization?: string };
  accessCookie?: string;
}

class TokenRejected extends Error {
  constructor(readonly reason: TokenRejection) {
    super(reason);
  }
}

/** A JOSE header may carry these and nothing else: no jku/jwk/x5u/crit that could point at a key. */
const HEADER_KEYS = new Set(['alg', 'typ', 'kid']);
const MAX_ID = 128;

/**
 * Runs before the signature check: picks the key by `kid` from the configured set only, and
 * refuses any algorithm but ES256 (no `none`, no HS256 with a public key as secret).
 */
function keyFor(keys: JwtKeySet, raw: unknown): KeyObject {
  const decoded = typeof raw === 'string' ? jwt.decode(raw, { complete: true }) : null;
  if (!decoded || typeof decoded.header !== 'object') throw new TokenRejected('malformed');
  if (!canonicalSignature(raw as string)) throw new TokenRejected('signature');
  const { header } = decoded;
  if (Object.keys(header).some((k) => !HEADER_KEYS.has(k))) throw new TokenRejected('header');
  if (header.alg !== JWT_ALGORITHM) throw new TokenRejected('algorithm');
  if (header.typ !== ACCESS_TOKEN_TYPE) throw new TokenRejected('type');
  const key = typeof header.kid === 'string' ? keys.verify.get(header.kid) : undefined;
  if (!key) throw new TokenRejected('unknown_kid');
  return key;
}

/**
 * base64url leaves the low bits of the last character unused and decoders ignore them, so one
 * signature has several spellings (the header and payload are signed as written, so only the
 * signature can vary). Only the canonical spelling is accepted: a token has exactly one text.
 */
function canonicalSignature(token: string): boolean {
  const signature = token.slice(token.lastIndexOf('.') + 1);
  return Buffer.from(signature, 'base64url').toString('base64url') === signature;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;
}

const BEARER = 'Bearer ';

/**
 * The memo's lookup key without passport-jwt's header parsing. Only tokens passport-jwt itself
 * extracted and verified are remembered, and those never contain white space, so a hit here is
 * a header passport-jwt would have read the same way; anything else goes through passport.
 */
function presentedToken(req: TokenRequest): string | undefined {
  const { authorization } = req.headers;
  if (authorization === undefined) return req.accessCookie;
  return authorization.startsWith(BEARER) ? authorization.slice(BEARER.length) : undefined;
}

type Verified = AccessTokenSubject & { expiresAtMs: number };

/** After the signature, iss, aud, exp and nbf checks: the claims jsonwebtoken only checks when present. */
function subjectOf(complete: jwt.Jwt, settings: AccessTokenSettings): Verified {
  if (complete.header.typ !== ACCESS_TOKEN_TYPE) throw new TokenRejected('type');
  const claims = complete.payload;
  if (typeof claims !== 'object' || claims === null) throw new TokenRejected('claims');
  const { sub, sid, exp, nbf, iat } = claims as Record<string, unknown>;
  if (!isId(sub) || !isId(sid)) throw new TokenRejected('claims');
  if (typeof exp !== 'number' || typeof nbf !== 'number' || typeof iat !== 'number') {
    throw new TokenRejected('claims');
  }
  if (exp - iat > settings.accessTtlSeconds) throw new TokenRejected('claims');
  return { userId: sub, sessionId: sid, expiresAtMs: exp * 1000 };
}

function reasonOf(info: unknown): TokenRejection {
  if (info instanceof TokenRejected) return info.reason;
  if (info instanceof jwt.TokenExpiredError) return 'expired';
  if (info instanceof jwt.NotBeforeError) return 'not_yet_valid';
  if (info instanceof jwt.JsonWebTokenError) {
    if (info.message === 'invalid signature') return 'signature';
    if (info.message === 'invalid algorithm') return 'algorithm';
    if (/^jwt (audience|issuer|subject|id) invalid|maxAge exceeded/.test(info.message)) return 'claims';
    return 'malformed';
  }
  if (info instanceof Error && info.message === 'No auth token') return 'missing';
  return 'malformed';
}

/**
 * SEC-SESS-02 through passport + passport-jwt (the design's fixed choice): passport-jwt extracts
 * the token (Bearer header or the access cookie) and verifies it with jsonwebtoken (signature,
 * ES256 only, iss, aud, exp, nbf, maxAge). What passport-jwt has no option for is done in its two
 * hooks: the key provider checks the header (kid from the key set, typ, no extra members) and the
 * verify callback, given the complete token (`complete: true`), requires the claims. A token it
 * has accepted is remembered until its exp (VerifiedTokens), so repeat requests skip the ES256 math.
 */
export function accessTokenVerifier(
  keys: JwtKeySet,
  settings: AccessTokenSettings,
): (req: TokenRequest) => Promise<AccessTokenCheck> {
  const passport = new Passport();
  const verified = new VerifiedTokens();
  const extract = ExtractJwt.fromExtractors([
    ExtractJwt.fromAuthHeaderAsBearerToken(),
    (req: TokenRequest) => req.accessCookie ?? null,
  ]);
  const strategy = new JwtStrategy(
    {
      jwtFromRequest: extract,
      secretOrKeyProvider: (_req, raw, done) => {
        try {
          // jsonwebtoken takes a KeyObject; the typings only list strings and Buffers.
          done(null, keyFor(keys, raw) as unknown as Buffer);
        } catch (err) {
          done(err);
        }
      },
      issuer: settings.issuer,
      audience: settings.audience,
      algorithms: [JWT_ALGORITHM],
      jsonWebTokenOptions: { complete: true, maxAge: settings.accessTtlSeconds },
    },
    (complete: jwt.Jwt, done: VerifiedCallback) => {
      try {
        done(null, subjectOf(complete, settings));
      } catch (err) {
        done(null, false, err);
      }
    },
  );
  passport.use('access-token', strategy);
  const throughPassport = (req: TokenRequest, token: string | null) =>
    new Promise<AccessTokenCheck>((resolve, reject) => {
      const middleware = passport.authenticate(
        'access-token',
        { session: false },
        (err: unknown, user: Verified | false, info: unknown) => {
          if (err) return reject(err instanceof Error ? err : new Error(String(err)));
          if (!user) return resolve({ ok: false, reason: reasonOf(info) });
          const subject = { userId: user.userId, sessionId: user.sessionId };
          if (token) verified.remember(token, subject, user.expiresAtMs);
          resolve({ ok: true, subject });
        },
      ) as (req: unknown, res: unknown, next: (err?: unknown) => void) => void;
      middleware(req, {}, (err) => reject(err instanceof Error ? err : new Error('passport: no answer')));
    });
  return async (req) => {
    const presented = presentedToken(req);
    const known = presented ? verified.get(presented, Date.now()) : undefined;
    return known ? { ok: true, subject: known } : throughPassport(req, extract(req as never));
  };
}
