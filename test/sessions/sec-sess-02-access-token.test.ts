import { createPrivateKey, createPublicKey } from 'node:crypto';
import test from 'ava';
import jwt from 'jsonwebtoken';
import { accessTokenVerifier } from '../../lib/auth/access-token-strategy';
import { signAccessToken } from '../../lib/auth/access-token';
import { jwtKeyId, jwtKeySetFromPem } from '../../lib/auth/jwt-keys';
import { VerifiedTokens } from '../../lib/auth/verified-tokens';
import { loadConfig } from '../../lib/config';
import { newEs256Pem, newUser, sessionFixture } from './helpers/session-fixture';
import { otherSpelling, tampered } from '../helpers/base64url-spellings';

const settings = loadConfig().sessions;
const current = newEs256Pem();
const keys = jwtKeySetFromPem(current.privatePem);
const verify = accessTokenVerifier(keys, settings);
const subject = {
  userId: '8d7c4c1e-0d7b-4f3f-9d2e-1f1c1b9a0a01',
  sessionId: '5c1a8a7e-3b5f-4d3c-8f1e-2a9b7c6d5e4f',
};
const bearer = (token: string) => verify({ headers: { authorization: `Bearer ${token}` } });
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function claims(overrides: Record<string, unknown> = {}) {
  const iat = now();
  return {
    iss: settings.issuer,
    aud: settings.audience,
    sub: subject.userId,
    sid: subject.sessionId,
    iat,
    nbf: iat,
    exp: iat + 900,
    ...overrides,
  };
}

function es256(payload: object, header: Record<string, unknown> = {}, privatePem = current.privatePem) {
  return jwt.sign(payload, privatePem, {
    algorithm: 'ES256',
    header: { alg: 'ES256', typ: 'at+jwt', kid: keys.signing.kid, ...header } as jwt.JwtHeader,
  });
}

async function refused(t: import('ava').ExecutionContext, token: string, reason: string, why: string) {
  const check = await bearer(token);
  t.deepEqual(check, { ok: false, reason }, why);
}

test('SEC-SESS-02 access tokens are ES256 JWTs typed at+jwt, naming their key, with iss/aud/nbf/exp and 15 minutes', async (t) => {
  const { token, expiresAt } = signAccessToken(keys, settings, subject, Date.now());
  const decoded = jwt.decode(token, { complete: true })!;
  t.deepEqual(decoded.header, { alg: 'ES256', typ: 'at+jwt', kid: keys.signing.kid });
  const payload = decoded.payload as Record<string, number | string>;
  t.is(payload.iss, settings.issuer);
  t.is(payload.aud, settings.audience);
  t.is(payload.sub, subject.userId);
  t.is(payload.sid, subject.sessionId);
  t.is(Number(payload.exp) - Number(payload.iat), 900);
  t.is(payload.nbf, payload.iat);
  t.is(expiresAt.getTime(), Number(payload.exp) * 1000);
  t.false('role' in payload, 'authority comes from the live session, not from the token');
  t.deepEqual(await bearer(token), { ok: true, subject });
});

test('SEC-SESS-02 alg none and algorithm confusion (HS256 keyed with the public key) are rejected', async (t) => {
  const header = { typ: 'at+jwt', kid: keys.signing.kid };
  await refused(t, `${b64({ alg: 'none', ...header })}.${b64(claims())}.`, 'algorithm', 'alg none');
  const publicPem = current.publicPem;
  const confused = jwt.sign(claims(), publicPem, {
    algorithm: 'HS256',
    header: { alg: 'HS256', ...header } as jwt.JwtHeader,
  });
  await refused(t, confused, 'algorithm', 'HS256 with the public key as secret');
  const signature = es256(claims()).split('.')[2]!;
  for (const alg of ['ES384', 'RS256', 'PS256', 'EdDSA']) {
    await refused(t, `${b64({ alg, ...header })}.${b64(claims())}.${signature}`, 'algorithm', alg);
  }
});

test('SEC-SESS-02 a signature is accepted in its canonical spelling only: a token has exactly one text', async (t) => {
  const { token } = signAccessToken(keys, settings, subject, Date.now());
  const dot = token.lastIndexOf('.');
  const respelled = `${token.slice(0, dot + 1)}${otherSpelling(token.slice(dot + 1))}`;
  t.deepEqual(
    Buffer.from(respelled.slice(dot + 1), 'base64url'),
    Buffer.from(token.slice(dot + 1), 'base64url'),
    'the same signature bytes',
  );
  await refused(t, respelled, 'signature', 'another spelling of a valid signature');
  await refused(
    t,
    `${token.slice(0, dot + 1)}${tampered(token.slice(dot + 1))}`,
    'signature',
    'a changed signature',
  );
  t.deepEqual(await bearer(token), { ok: true, subject });
});

test('SEC-SESS-02 the kid must name a key of the configured set, and that key must have signed', async (t) => {
  const stranger = newEs256Pem();
  const strangerKid = jwtKeyId(createPublicKey(createPrivateKey(stranger.privatePem)));
  await refused(
    t,
    es256(claims(), { kid: strangerKid }, stranger.privatePem),
    'unknown_kid',
    'foreign key, own kid',
  );
  await refused(t, es256(claims(), {}, stranger.privatePem), 'signature', 'foreign key claiming our kid');
  await refused(t, es256(claims(), { kid: undefined }), 'unknown_kid', 'no kid');
  await refused(t, es256(claims(), { jwk: { kty: 'EC' } }), 'header', 'embedded key');
  await refused(t, es256(claims(), { jku: 'https://attacker.example/keys' }), 'header', 'key URL');
});

test('SEC-SESS-02 typ, iss, aud, exp, nbf and the lifetime are all checked', async (t) => {
  await refused(t, es256(claims(), { typ: 'JWT' }), 'type', 'typ JWT');
  await refused(t, es256(claims(), { typ: undefined }), 'type', 'no typ');
  await refused(t, es256(claims({ iss: 'https://other.example' })), 'claims', 'issuer');
  await refused(t, es256(claims({ aud: 'other-api' })), 'claims', 'audience');
  const past = now() - 3600;
  await refused(t, es256(claims({ iat: past, nbf: past, exp: past + 900 })), 'expired', 'expired');
  await refused(t, es256(claims({ nbf: now() + 600 })), 'not_yet_valid', 'not yet valid');
  const { exp: _exp, ...noExp } = claims();
  await refused(t, es256(noExp), 'claims', 'no exp');
  const { nbf: _nbf, ...noNbf } = claims();
  await refused(t, es256(noNbf), 'claims', 'no nbf');
  await refused(t, es256(claims({ exp: now() + 3600 })), 'claims', 'lifetime over 15 minutes');
  const { sid: _sid, ...noSid } = claims();
  await refused(t, es256(noSid), 'claims', 'no session id');
  await refused(t, 'not.a.jwt', 'malformed', 'garbage');
});

test('SEC-SESS-02 rotation: tokens of the retired key verify while its public key is listed, then stop', async (t) => {
  const old = signAccessToken(keys, settings, subject, Date.now()).token;
  const next = newEs256Pem();
  const rotated = jwtKeySetFromPem(next.privatePem, current.publicPem);
  const afterRotation = accessTokenVerifier(rotated, settings);
  const fresh = signAccessToken(rotated, settings, subject, Date.now()).token;
  t.not(jwt.decode(fresh, { complete: true })!.header.kid, keys.signing.kid, 'new tokens name the new key');
  t.true(
    (await afterRotation({ headers: { authorization: `Bearer ${old}` } })).ok,
    'old token still verifies',
  );
  t.true((await afterRotation({ headers: { authorization: `Bearer ${fresh}` } })).ok);
  const retired = accessTokenVerifier(jwtKeySetFromPem(next.privatePem), settings);
  t.deepEqual(await retired({ headers: { authorization: `Bearer ${old}` } }), {
    ok: false,
    reason: 'unknown_kid',
  });
});

test('SEC-SESS-02 a non-P-256 key is refused as a signing or verification key', (t) => {
  const rsa = `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(10)}\n-----END PRIVATE KEY-----`;
  t.throws(() => jwtKeySetFromPem(rsa));
  t.throws(() =>
    jwtKeySetFromPem(current.privatePem, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'),
  );
});

const f = sessionFixture('sess02');

test('SEC-SESS-02 over HTTP: a refresh token is never accepted as an access token, nor an access token as a refresh token', async (t) => {
  const served = await f.serve();
  t.teardown(served.close);
  const issued = await f
    .security()
    .sessions.startSession(newUser(), { ip: '203.0.113.1', userAgent: 'curl/8' }, 'bearer');
  const me = (token: string) =>
    served.send({ path: '/api/v1/users/me/sessions', headers: { Authorization: `Bearer ${token}` } });
  t.is((await me(issued.accessToken)).status, 200);
  const refreshAsAccess = await me(issued.refreshToken);
  t.is(refreshAsAccess.status, 401);
  t.is(refreshAsAccess.json.error_code, 'AUTHENTICATION_REQUIRED');
  const accessAsRefresh = await served.send({
    method: 'POST',
    path: '/api/v1/auth/refresh',
    headers: { 'Content-Type': 'application/json', 'X-Session-Mode': 'bearer' },
    body: JSON.stringify({ refreshToken: issued.accessToken.slice(0, 64) }),
  });
  t.is(accessAsRefresh.status, 401);
  const forged = await me(
    `${b64({ alg: 'none', typ: 'at+jwt', kid: f.keys.signing.kid })}.${b64(claims())}.`,
  );
  t.is(forged.status, 401);
  const rejected = await f.auditRows('session.token_rejected');
  t.true(
    rejected.some((r) => r.canonical.includes('"algorithm"')),
    'a forged token is audited with its reason',
  );
});

test('SEC-SESS-02 remembering verified tokens never admits what verification would refuse', async (t) => {
  const memo = accessTokenVerifier(keys, settings);
  const { token } = signAccessToken(keys, settings, subject, Date.now());
  const header = (value: string) => ({ headers: { authorization: `Bearer ${value}` } });
  t.true((await memo(header(token))).ok, 'verified once, now remembered');
  const [h, p, sig] = token.split('.');
  const otherSig = `${sig!.slice(0, 10)}${sig![10] === 'A' ? 'B' : 'A'}${sig!.slice(11)}`;
  t.false((await memo(header(`${h}.${p}.${otherSig}`))).ok, 'one byte of signature differs: verified afresh');
  const claimsChanged = b64({ ...(jwt.decode(token) as object), sub: 'someone-else' });
  t.false(
    (await memo(header(`${h}.${claimsChanged}.${sig}`))).ok,
    'claims swapped under a remembered signature',
  );
  t.true((await memo({ headers: {}, accessCookie: token })).ok, 'the same token from the cookie');
  t.true((await memo({ headers: { authorization: `bearer ${token}` } })).ok, 'scheme case: through passport');
  t.false((await memo(header(`${token}.x`))).ok, 'a remembered token with bytes added: verified afresh');

  const remembered = new VerifiedTokens(2);
  remembered.remember('a', subject, 1_000);
  t.deepEqual(remembered.get('a', 999), subject);
  t.is(remembered.get('a', 1_000), undefined, 'forgotten at its exp');
  remembered.remember('b', subject, 5_000);
  remembered.remember('c', subject, 5_000);
  remembered.remember('d', subject, 5_000);
  t.is(remembered.size, 2, 'bounded');
  t.is(remembered.get('b', 0), undefined, 'oldest evicted first');
});
