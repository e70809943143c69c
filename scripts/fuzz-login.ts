/**
 * Makes the accounts scripts/fuzz-api.sh fuzzes as, through the running API as a real client
 * would, and prints one `name=value` line each for the shell:
 *   customer        a verified customer's Bearer token
 *   business_admin  the token of the BUSINESS_ADMIN of a new company (MFA enrolled, signed in with it)
 *   company_id      that company's id
 *   platform_admin  a PLATFORM_ADMIN's token (MFA enrolled, signed in with it)
 *   platform_spare  a recovery code of that admin, for a second sign-in later (`spare` below)
 *   platform_email, platform_password  its credentials, for that second sign-in
 *   customer_email, customer_password  the customer's, likewise
 * Sign-up and verification go through the API and the SMTP sink (the notify pool must run); MFA is
 * enrolled through the API with a TOTP code computed here (SEC-AUTH-06). The first platform admin
 * can only be made by the operator command tools/grant-platform-admin; the company and its admin
 * are then made by that platform admin through the API, with an MFA step-up. A TOTP code is
 * accepted once, so every sign-in after the confirmation uses a recovery code instead.
 *   node --import tsx scripts/fuzz-login.ts BASE_URL
 *   node --import tsx scripts/fuzz-login.ts BASE_URL login EMAIL PASSWORD [RECOVERY_CODE]
 *     (prints one more token for an existing account: the session-ending operations run on it)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { generate } from 'otplib';

const [base, command, ...args] = process.argv.slice(2);
const sinkDir = process.env.SMTP_SINK_DIR;
const root = join(__dirname, '..');

type Json = Record<string, unknown>;

async function call(method: string, path: string, body?: unknown, token?: string): Promise<Json> {
  const res = await fetch(new URL(path, base), {
    method,
    headers: {
      'X-Session-Mode': 'bearer',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as Json;
}

/** The token of the verification link sent to `email`, from the sink's stored messages. */
async function verificationToken(email: string): Promise<string> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    for (const name of readdirSync(sinkDir!).filter((f) => f.endsWith('.json') && !f.startsWith('.'))) {
      const message = JSON.parse(readFileSync(join(sinkDir!, name), 'utf8')) as { to: string[]; raw: string };
      if (!message.to.includes(email)) continue;
      // Quoted-printable: soft line breaks and the encoded `=`.
      const body = message.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
      const token = /#verify-email=([A-Za-z0-9_-]{43})/.exec(body)?.[1];
      if (token) return token;
    }
    await sleep(500);
  }
  throw new Error(`no verification email for ${email} within 60 s: is the notify pool running?`);
}

interface Account {
  id: string;
  email: string;
  password: string;
  token: string;
}

async function login(email: string, password: string, recoveryCode?: string): Promise<string> {
  const session = await call('POST', '/api/v1/auth/login', {
    email,
    password,
    ...(recoveryCode ? { recoveryCode } : {}),
  });
  if (typeof session.accessToken !== 'string') throw new Error('login answered no Bearer access token');
  return session.accessToken;
}

/** A new, verified, signed-in USER. */
async function verifiedUser(label: string): Promise<Account> {
  const email = `fuzz-${label}-${randomBytes(6).toString('hex')}@example.com`;
  const password = `correct horse ${randomBytes(12).toString('base64url')}`;
  await call('POST', '/api/v1/auth/signup', { email, password, fullName: 'Fuzz Tester' });
  await call('POST', '/api/v1/auth/verify-email', { token: await verificationToken(email) });
  const token = await login(email, password);
  const me = await call('GET', '/api/v1/users/me', undefined, token);
  return { id: String(me.id), email, password, token };
}

/** Enrols and confirms TOTP (SEC-AUTH-06); returns the recovery codes. */
async function enrolMfa(account: Account): Promise<string[]> {
  const { secret } = await call('POST', '/api/v1/auth/mfa/enrolment', undefined, account.token);
  const mfaCode = await generate({ secret: String(secret) });
  const { recoveryCodes } = await call(
    'POST',
    '/api/v1/auth/mfa/enrolment/confirm',
    { mfaCode },
    account.token,
  );
  return recoveryCodes as string[];
}

async function setUp(): Promise<Record<string, string>> {
  const customer = await verifiedUser('customer');
  const platform = await verifiedUser('platform');
  const business = await verifiedUser('business');
  const platformCodes = await enrolMfa(platform);
  const businessCodes = await enrolMfa(business);
  // The operator command, as documented for the first platform admin; it ends the user's sessions.
  execFileSync(
    join(root, 'scripts/with-env.sh'),
    ['node', '--import', 'tsx', join(root, 'tools/grant-platform-admin/main.ts'), platform.id],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const platformToken = await login(platform.email, platform.password, platformCodes[0]);
  const company = await call(
    'POST',
    '/api/v1/companies',
    { name: 'Fuzz Travel', adminUserId: business.id, recoveryCode: platformCodes[1] },
    platformToken,
  );
  // Becoming a business admin ended the user's sessions: sign in again, now with MFA.
  const businessToken = await login(business.email, business.password, businessCodes[0]);
  return {
    customer: customer.token,
    customer_email: customer.email,
    customer_password: customer.password,
    business_admin: businessToken,
    company_id: String(company.id),
    platform_admin: platformToken,
    platform_email: platform.email,
    platform_password: platform.password,
    platform_spare: platformCodes[2]!,
  };
}

async function main(): Promise<void> {
  if (!base || !sinkDir)
    throw new Error('usage: SMTP_SINK_DIR=… fuzz-login.ts BASE_URL (run through scripts/with-env.sh)');
  const values = command === 'login' ? { token: await login(args[0]!, args[1]!, args[2]) } : await setUp();
  for (const [name, value] of Object.entries(values)) process.stdout.write(`${name}=${value}\n`);
}

main().catch((err: unknown) => {
  console.error(`fuzz-login: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
