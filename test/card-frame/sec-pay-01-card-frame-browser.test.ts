import test from 'ava';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, watchPage } from '../helpers/browser';
import { TEST_CARDS } from '../payments/helpers/stripe-stack';
import { seriousAxeFindings } from './helpers/axe-findings';
import { startCardFrameProcess, type CardFrameProcess } from './helpers/card-frame-process';
import {
  askFrame,
  cardFrameOf,
  holdPaymentMethodCalls,
  received,
  recordFrameMessages,
  typeCard,
  waitForMessage,
  waitUntilDelivered,
} from './helpers/frame-page-driver';
import { confirmedIntent, intentStatus } from './helpers/payment-intent';
import { startShopOrigin, type ShopOrigin } from './helpers/shop-origin';

let browser: Browser;
let frame: CardFrameProcess;
let shop: ShopOrigin; // the allowed parent
let other: ShopOrigin; // any other site

test.before(async () => {
  browser = await launchBrowser();
  [shop, other] = await Promise.all([startShopOrigin(), startShopOrigin()]);
  frame = await startCardFrameProcess([shop.origin]);
});
test.after.always(async () => {
  await browser?.close();
  await Promise.all([shop?.close(), other?.close(), frame?.stop()]);
});

const EXPIRY = `11/${String(new Date().getUTCFullYear() + 2).slice(2)}`;
const card = (number: string) => ({
  number: number.replace(/(\d{4})(?=\d)/g, '$1 '),
  expiry: EXPIRY,
  cvc: '737',
});
const cardUrl = (parent: string) => `${frame.origin}/card?parent=${encodeURIComponent(parent)}`;

async function openEmbedding(host: ShopOrigin, parent: string, sibling?: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = await watchPage(page);
  const query = new URLSearchParams({ card: cardUrl(parent), ...(sibling && { sibling }) });
  await page.goto(`${host.origin}/embed?${query}`);
  return { context, page, problems };
}

const fromFrame =
  (type: string, requestId?: string) => (seen: { origin: string; data: Record<string, unknown> }) =>
    seen.origin === frame.origin &&
    seen.data.type === type &&
    (requestId === undefined || seen.data.requestId === requestId);

/**
 * The card's number (with or without spaces) and expiry anywhere in `text`. The CVC's three
 * digits could occur by chance in a port or a timestamp: messages are checked by their keys and
 * the log for any body instead.
 */
function cardDataIn(text: string, number: string): string[] {
  return [number, card(number).number, EXPIRY].filter((secret) => text.includes(secret));
}

/** Every key a frame message may carry (the contract's messages). */
const MESSAGE_KEYS = new Set([
  'source',
  'type',
  'complete',
  'error',
  'requestId',
  'paymentMethodId',
  'brand',
  'last4',
]);

async function statusLine(page: Page) {
  return (await cardFrameOf(page, frame.origin)).textContent('#form-status');
}

test.serial(
  'SEC-PAY-01 in Chromium, a card typed into the frame gives the shop page a pm_ id and nothing else of the card',
  async (t) => {
    const { context, page, problems } = await openEmbedding(shop, shop.origin);
    const cardFrame = await cardFrameOf(page, frame.origin);
    await waitForMessage(page, fromFrame('ready'));
    await typeCard(cardFrame, card(TEST_CARDS.succeeds));
    await waitForMessage(page, (s) => fromFrame('change')(s) && s.data.complete === true);

    await askFrame(page, frame.origin, { type: 'create-payment-method', requestId: 'pay-1' });
    const answer = await waitForMessage(page, fromFrame('payment-method', 'pay-1'));
    t.regex(String(answer.data.paymentMethodId), /^pm_\w+$/);
    t.like(answer.data, { source: 'th-card', brand: 'visa', last4: '4242' });

    // Everything the shop page's script could read: its messages, its DOM, its storage.
    const shopView =
      JSON.stringify(await received(page)) +
      (await page.content()) +
      String(
        await page.evaluate(
          'JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie',
        ),
      );
    t.deepEqual(cardDataIn(shopView, TEST_CARDS.succeeds), []);
    const keys = (await received(page)).flatMap((seen) => Object.keys(seen.data));
    t.deepEqual(
      keys.filter((key) => !MESSAGE_KEYS.has(key)),
      [],
    );
    t.deepEqual([...problems.cspViolations, ...problems.pageErrors], []);
    await context.close();

    // The service's log covers the request and holds no card data (no bodies are logged).
    await frame.waitForLog(/POST \/v1\/payment_methods 200/);
    t.deepEqual(cardDataIn(frame.output(), TEST_CARDS.succeeds), []);
    t.notRegex(frame.output(), /cvc|expiry|"number"/i);
  },
);

test.serial(
  'SEC-PAY-01 the shop page’s script cannot read the card frame’s DOM (another origin)',
  async (t) => {
    const { context, page } = await openEmbedding(shop, shop.origin);
    await typeCard(await cardFrameOf(page, frame.origin), card(TEST_CARDS.succeeds));
    const reach = (await page.evaluate(`(() => {
    const element = document.getElementById('card');
    let error = 'none';
    try { element.contentWindow.document.getElementById('number').value; } catch (e) { error = e.name; }
    return { contentDocument: element.contentDocument === null, error };
  })()`)) as { contentDocument: boolean; error: string };
    t.deepEqual(reach, { contentDocument: true, error: 'SecurityError' });
    await context.close();
  },
);

test.serial(
  'SEC-PAY-01 another site cannot embed the card frame: frame-ancestors names the one parent',
  async (t) => {
    const { context, page, problems } = await openEmbedding(other, shop.origin);
    await page.waitForLoadState('load');
    // The refusal reaches the test from the frame's own process: waited for by count, not time.
    const refused = () => problems.consoleErrors.some((line) => line.includes('frame-ancestors'));
    for (let i = 0; i < 100 && !refused(); i += 1) await page.waitForTimeout(50);
    t.true(refused(), `no frame-ancestors refusal; console: ${problems.consoleErrors.join(' | ')}`);
    const frames = page.frames().filter((f) => f !== page.mainFrame());
    t.is(frames.length, 1);
    t.false(frames[0]!.url().startsWith(frame.origin), `the frame was blocked (${frames[0]!.url()})`);
    await context.close();
  },
);

test.serial(
  'SEC-PAY-01 where frame-ancestors is not enforced, the frame still talks only to its named parent’s origin',
  async (t) => {
    const context = await browser.newContext();
    // A browser ignoring frame-ancestors: the CSP header is taken off the frame page.
    await context.route(`${frame.origin}/card?*`, async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['content-security-policy'];
      await route.fulfill({ response, headers });
    });
    const calls = await holdPaymentMethodCalls(context, frame.origin);
    const page = await context.newPage();
    await page.goto(`${other.origin}/embed?${new URLSearchParams({ card: cardUrl(shop.origin) })}`);
    const cardFrame = await cardFrameOf(page, frame.origin);
    await typeCard(cardFrame, card(TEST_CARDS.succeeds));
    // A marker the frame posts to anyone after its own messages: the earlier ones would be here first.
    await cardFrame.evaluate(`window.parent.postMessage({ marker: true }, '*')`);
    await waitForMessage(page, (s) => s.data.marker === true);
    t.deepEqual(
      (await received(page)).filter((s) => s.data.source === 'th-card'),
      [],
      'ready and change went to the named parent only',
    );

    await recordFrameMessages(cardFrame);
    await askFrame(page, frame.origin, { type: 'create-payment-method', requestId: 'from-other' });
    await waitUntilDelivered(cardFrame, 'from-other');
    t.is(await statusLine(page), '', 'the frame did not act on a message from another origin');
    t.deepEqual(calls, []);
    await context.close();
  },
);

for (const [who, siblingOf] of [
  ['another window of the shop’s own origin', () => shop],
  ['a frame of another origin', () => other],
] as const) {
  test.serial(
    `SEC-PAY-01 the frame ignores ${who} in the shop page: only its parent window may ask`,
    async (t) => {
      const { context, page } = await openEmbedding(shop, shop.origin, `${siblingOf().origin}/blank`);
      const calls = await holdPaymentMethodCalls(context, frame.origin);
      const cardFrame = await cardFrameOf(page, frame.origin);
      await typeCard(cardFrame, card(TEST_CARDS.succeeds));
      await recordFrameMessages(cardFrame);
      const sibling = page.frames().find((f) => f.url().endsWith('/blank'))!;
      await sibling.evaluate(
        `window.parent.frames[0].postMessage({ source: 'th-card', type: 'create-payment-method', requestId: 'sibling' }, ${JSON.stringify(frame.origin)})`,
      );
      await waitUntilDelivered(cardFrame, 'sibling');
      t.is(await statusLine(page), '', 'the frame did not act on it');
      t.deepEqual(calls, []);
      t.deepEqual(
        (await received(page)).filter((s) => s.data.requestId === 'sibling'),
        [],
      );
      await context.close();
    },
  );
}

test.serial('the frame shows each input error in words next to its labelled field', async (t) => {
  const { context, page } = await openEmbedding(shop, shop.origin);
  const cardFrame = await cardFrameOf(page, frame.origin);
  await typeCard(cardFrame, { number: '4242 4242 4242 4241', expiry: '13/30', cvc: '12' });
  await askFrame(page, frame.origin, { type: 'create-payment-method', requestId: 'bad' });
  const refused = await waitForMessage(page, fromFrame('error', 'bad'));
  t.is(refused.data.message, 'This card number is not valid: check the digits.');
  t.is(await cardFrame.textContent('#number-error'), 'This card number is not valid: check the digits.');
  t.is(
    await cardFrame.textContent('#expiry-error'),
    'The expiry date must be MM/YY, with a month from 01 to 12.',
  );
  t.is(await cardFrame.textContent('#cvc-error'), 'The security code (CVC) must be 3 or 4 digits.');
  t.is(await cardFrame.getByLabel('Card number').getAttribute('aria-invalid'), 'true');
  t.is(await cardFrame.evaluate('document.activeElement.id'), 'number', 'focus on the first wrong field');
  const change = (await received(page)).filter(fromFrame('change')).at(-1)!;
  t.like(change.data, { complete: false, error: 'This card number is not valid: check the digits.' });
  await context.close();
});

test.serial(
  'the card frame has no serious or critical accessibility findings: its form with errors, and the challenge',
  async (t) => {
    const { context, page } = await openEmbedding(shop, shop.origin);
    const cardFrame = await cardFrameOf(page, frame.origin);
    await typeCard(cardFrame, { number: '4242', expiry: '01/01', cvc: '1' });
    await askFrame(page, frame.origin, { type: 'create-payment-method', requestId: 'axe' });
    await waitForMessage(page, fromFrame('error', 'axe'));
    t.deepEqual(await seriousAxeFindings(cardFrame), [], 'the form, every error showing');
    await askFrame(page, frame.origin, {
      type: 'handle-next-action',
      requestId: 'axe-3ds',
      clientSecret: 'pi_x_secret_y',
    });
    await cardFrame.getByRole('button', { name: 'Complete authentication' }).waitFor();
    t.deepEqual(await seriousAxeFindings(cardFrame), [], 'the 3-D Secure challenge');
    await context.close();
  },
);

for (const success of [true, false]) {
  test.serial(
    `3-D Secure is ${success ? 'completed' : 'failed'} inside the frame, at localstripe through the card service`,
    async (t) => {
      const { context, page } = await openEmbedding(shop, shop.origin);
      const cardFrame = await cardFrameOf(page, frame.origin);
      await typeCard(cardFrame, card(TEST_CARDS.requiresAction));
      await askFrame(page, frame.origin, { type: 'create-payment-method', requestId: 'pm' });
      const created = await waitForMessage(page, fromFrame('payment-method', 'pm'));
      const intent = await confirmedIntent(String(created.data.paymentMethodId));
      t.is(intent.status, 'requires_action');

      await askFrame(page, frame.origin, {
        type: 'handle-next-action',
        requestId: '3ds',
        clientSecret: intent.clientSecret,
      });
      await cardFrame
        .getByRole('button', { name: success ? 'Complete authentication' : 'Fail authentication' })
        .click();
      const done = await waitForMessage(page, fromFrame('next-action-done', '3ds'));
      t.is(done.data.succeeded, success);
      t.is(await intentStatus(intent.id), success ? 'requires_capture' : 'requires_payment_method');
      await context.close();
    },
  );
}
