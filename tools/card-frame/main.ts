import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllowedParents, parseOrigin } from './allowed-parents';
import { buildFrameAssets } from './bundle';
import { startCardFrame } from './server';

/**
 * The card frame: a stand-in for Stripe Elements on an origin of its own (scripts/stack.sh runs
 * it per profile). The shop page embeds `/card?parent=<shop origin>`; the card is typed only here.
 * Never used in production, where Stripe.js and Elements play this part.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function providerSecretKey(): string {
  const file =
    process.env.CARD_FRAME_STRIPE_KEY_FILE ?? join(required('SECRETS_DIR'), 'card_frame_stripe_key');
  const key = readFileSync(file, 'utf8').trim();
  if (!key.startsWith('sk_test_')) throw new Error(`${file} must hold an sk_test_ key`);
  return key;
}

async function main() {
  const configuredOrigin = process.env.CARD_FRAME_ORIGIN ? parseOrigin(process.env.CARD_FRAME_ORIGIN) : null;
  if (process.env.CARD_FRAME_ORIGIN && !configuredOrigin)
    throw new Error('CARD_FRAME_ORIGIN is not an origin');
  const frame = await startCardFrame({
    host: '127.0.0.1',
    port: Number(process.env.CARD_FRAME_PORT ?? 52115),
    origin: configuredOrigin,
    allowedParents: parseAllowedParents(required('CARD_FRAME_ALLOWED_PARENTS')),
    provider: {
      url: required('LOCALSTRIPE_URL'),
      secretKey: providerSecretKey(),
      publishableKey: process.env.CARD_FRAME_PUBLISHABLE_KEY ?? 'pk_test_card_frame',
    },
    assets: await buildFrameAssets(),
    log: (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  console.log(`card frame on ${frame.origin}`);
  const stop = () => void frame.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(`card frame failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
