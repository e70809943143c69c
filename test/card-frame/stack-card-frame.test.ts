import test from 'ava';
import { loadConfig } from '../../lib/config';

const config = loadConfig();

function cardFrameOrigin(): string {
  const origin = process.env.CARD_FRAME_ORIGIN;
  if (!origin) throw new Error('CARD_FRAME_ORIGIN is not set: run through scripts/with-env.sh');
  return origin;
}

test('the stack’s card frame lets the API’s public origin embed it, and no other', async (t) => {
  const shop = new URL(config.api.publicUrl).origin;
  const page = (parent: string) =>
    fetch(`${cardFrameOrigin()}/card?parent=${encodeURIComponent(parent)}`, {
      signal: AbortSignal.timeout(5_000),
    });
  const allowed = await page(shop);
  t.is(allowed.status, 200);
  t.true((allowed.headers.get('content-security-policy') ?? '').includes(`frame-ancestors ${shop};`));
  t.is((await page('http://127.0.0.1:1')).status, 400);
});
