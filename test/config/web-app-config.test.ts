import test from 'ava';
import { ConfigError, loadConfig } from '../../lib/config';

// Parsing only: nothing here reaches a service.
test('issue 21: CARD_FRAME_ORIGIN is an origin, kept without a trailing slash; unset, the web app has no card frame', (t) => {
  t.deepEqual(loadConfig({}).webApp, { cardFrameProvider: 'local', cardFrameOrigin: null });
  t.is(
    loadConfig({ CARD_FRAME_ORIGIN: 'http://127.0.0.1:52115' }).webApp.cardFrameOrigin,
    'http://127.0.0.1:52115',
  );
  t.is(
    loadConfig({ CARD_FRAME_ORIGIN: 'https://cards.example.com/' }).webApp.cardFrameOrigin,
    'https://cards.example.com',
  );
});

test('issue 21: a card origin with a path, a query, another scheme or a wildcard is refused, as is a provider this build lacks', (t) => {
  for (const raw of [
    'https://cards.example.com/card',
    'https://cards.example.com?x=1',
    'javascript:alert(1)',
    '*',
    'cards.example.com',
  ]) {
    t.throws(() => loadConfig({ CARD_FRAME_ORIGIN: raw }), { instanceOf: ConfigError }, raw);
  }
  t.throws(() => loadConfig({ CARD_FRAME_PROVIDER: 'stripe' }), { instanceOf: ConfigError });
});
