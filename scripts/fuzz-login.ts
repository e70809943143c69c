/**
 * Signs up, verifies and signs in a throwaway customer through the running API, as a non-browser
 * client would, and prints its Bearer access token on stdout: scripts/fuzz-api.sh passes it to
 * schemathesis so the authenticated operations are fuzzed for what they answer to a real
 * customer, not only for their 401. The verification link is read from the SMTP sink, so the
 * notify pool must be running.
 *   node --import tsx scripts/fuzz-login.ts BASE_URL
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const base = process.argv[2];
const sinkDir = process.env.SMTP_SINK_DIR;

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(new URL(path, base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Session-Mode': 'bearer', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as Record<string, unknown>;
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
  throw new Error(`no verification email for the fuzzing account within 60 s: is the notify pool running?`);
}

async function main(): Promise<void> {
  if (!base || !sinkDir)
    throw new Error('usage: SMTP_SINK_DIR=… fuzz-login.ts BASE_URL (run through scripts/with-env.sh)');
  const id = randomBytes(6).toString('hex');
  const email = `fuzz-${id}@example.com`;
  const password = `correct horse ${randomBytes(12).toString('base64url')}`;
  await post('/api/v1/auth/signup', { email, password, fullName: 'Fuzz Tester' });
  await post('/api/v1/auth/verify-email', { token: await verificationToken(email) });
  const session = await post('/api/v1/auth/login', { email, password });
  if (typeof session.accessToken !== 'string') throw new Error('login answered no Bearer access token');
  process.stdout.write(`${session.accessToken}\n`);
}

main().catch((err: unknown) => {
  console.error(`fuzz-login: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
