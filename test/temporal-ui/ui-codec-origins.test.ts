import test from 'ava';
import { loadConfig } from '../../lib/config';

/** From the real environment (scripts/with-env.sh), so nothing falls back to a built-in address. */
const load = (extra: Record<string, string | undefined>) => loadConfig({ ...process.env, ...extra });

test('SEC-WEB-02 the Temporal UI codec origins default to the stack UI origin outside production', (t) => {
  const ui = process.env.TEMPORAL_UI_URL;
  if (!ui) throw new Error('TEMPORAL_UI_URL is not set: run through scripts/with-env.sh');
  t.deepEqual(load({ TEMPORAL_UI_CODEC_ORIGINS: undefined }).temporal.uiCodecOrigins, [new URL(ui).origin]);
  t.deepEqual(load({ TEMPORAL_UI_CODEC_ORIGINS: '' }).temporal.uiCodecOrigins, []);
  t.deepEqual(
    load({ TEMPORAL_UI_CODEC_ORIGINS: 'https://temporal.example, http://127.0.0.1:8233' }).temporal
      .uiCodecOrigins,
    ['https://temporal.example', 'http://127.0.0.1:8233'],
  );
});

for (const value of [
  '*',
  'null',
  'https://temporal.example/',
  'https://temporal.example/ui',
  'temporal.example',
]) {
  test(`SEC-WEB-02 TEMPORAL_UI_CODEC_ORIGINS refuses ${value}: only bare origins are compared with Origin`, (t) => {
    t.throws(() => load({ TEMPORAL_UI_CODEC_ORIGINS: value }), { message: /TEMPORAL_UI_CODEC_ORIGINS/ });
  });
}
