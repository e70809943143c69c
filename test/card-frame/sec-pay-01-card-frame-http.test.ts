import test from 'ava';
import { startCardFrameProcess, type CardFrameProcess } from './helpers/card-frame-process';

const SHOP = 'http://127.0.0.1:58999';
let frame: CardFrameProcess;

test.before(async () => {
  frame = await startCardFrameProcess([SHOP, 'https://shop.example.com']);
});
test.after.always(() => frame?.stop());

const cardPage = (parent: string) => fetch(`${frame.origin}/card?parent=${encodeURIComponent(parent)}`);

const EXPECTED_CSP = (parent: string) =>
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
  `frame-ancestors ${parent}; base-uri 'none'; form-action 'none'`;

test('SEC-PAY-01 the card frame refuses a parent origin not in its allow-list', async (t) => {
  for (const parent of [
    'http://127.0.0.1:58998', // another port
    'http://localhost:58999', // another host name for the same place
    `${SHOP}/`, // not exactly the origin
    'https://shop.example.com.evil.example',
    'http://shop.example.com', // another scheme
    '*',
    '',
  ]) {
    const res = await cardPage(parent);
    t.is(res.status, 400, parent);
    t.is(res.headers.get('content-security-policy'), null, parent);
    t.like(await res.json(), { error_code: 'PARENT_NOT_ALLOWED' }, parent);
  }
  t.is((await fetch(`${frame.origin}/card`)).status, 400, 'no parent at all');
});

test('SEC-PAY-01 the frame page’s CSP lets only its parent embed it, and only its own script and style run', async (t) => {
  for (const parent of [SHOP, 'https://shop.example.com']) {
    const res = await cardPage(parent);
    t.is(res.status, 200);
    t.is(res.headers.get('content-security-policy'), EXPECTED_CSP(parent));
    const html = await res.text();
    t.notRegex(html, /<script>|<style|\sstyle=|\son\w+=/i, 'no inline script, style or handler');
    t.regex(html, /<script src="\/card\.js"><\/script>/);
    for (const label of ['Card number', 'Expiry date (MM/YY)', 'Security code (CVC)']) {
      t.true(html.includes(`>${label}</label>`), label);
    }
  }
});

const post = (path: string, body: unknown, origin: string | null) =>
  fetch(`${frame.origin}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(origin !== null && { Origin: origin }) },
    body: JSON.stringify(body),
  });

const GOOD = {
  number: '4242 4242 4242 4242',
  expiry: `12/${String(new Date().getUTCFullYear() + 3).slice(2)}`,
  cvc: '123',
};

test('SEC-PAY-01 only the frame’s own script may create a PaymentMethod: another origin, or none, is refused', async (t) => {
  for (const origin of [SHOP, 'null', null]) {
    const res = await post('/v1/payment_methods', GOOD, origin);
    t.is(res.status, 403, String(origin));
    t.like(await res.json(), { error_code: 'ORIGIN_NOT_ALLOWED' });
    const auth = await post('/v1/3ds/authenticate', { clientSecret: 'pi_x_secret_y', success: true }, origin);
    t.is(auth.status, 403, String(origin));
  }
  const res = await post('/v1/payment_methods', GOOD, frame.origin);
  t.is(res.status, 200);
  const answer = (await res.json()) as Record<string, unknown>;
  t.regex(String(answer.id), /^pm_\w+$/);
  t.deepEqual(answer.card, { brand: 'visa', last4: '4242' });
  t.deepEqual(Object.keys(answer).sort(), ['card', 'id'], 'nothing of the card but brand and last4');
});

test('the service checks the card again: Luhn, expiry in the past, CVC digits, unknown fields, each in words', async (t) => {
  const refused = async (body: Record<string, unknown>) => {
    const res = await post('/v1/payment_methods', body, frame.origin);
    t.is(res.status, 400);
    return (await res.json()) as { error_code: string; details?: Record<string, string> };
  };
  t.deepEqual((await refused({ ...GOOD, number: '4242 4242 4242 4241' })).details, {
    number: 'This card number is not valid: check the digits.',
  });
  const lastYear = String(new Date().getUTCFullYear() - 1).slice(2);
  t.deepEqual((await refused({ ...GOOD, expiry: `12/${lastYear}` })).details, {
    expiry: 'This card has expired.',
  });
  t.deepEqual((await refused({ ...GOOD, expiry: '13/40' })).details, {
    expiry: 'The expiry date must be MM/YY, with a month from 01 to 12.',
  });
  t.deepEqual((await refused({ ...GOOD, cvc: '12' })).details, {
    cvc: 'The security code (CVC) must be 3 or 4 digits.',
  });
  t.deepEqual((await refused({ ...GOOD, number: '4242-4242-4242-4242' })).details, {
    number: 'The card number must be 12 to 19 digits (spaces between groups are fine).',
  });
  t.like(await refused({ ...GOOD, name: 'x' }), { error_code: 'UNKNOWN_FIELDS' });
  t.like(await refused({ clientSecret: 'x' }), { error_code: 'UNKNOWN_FIELDS' });
});

test('3-D Secure through the service needs a payment’s client secret', async (t) => {
  for (const body of [
    { clientSecret: 'pi_abc', success: true },
    { clientSecret: 'pi_abc_secret_def', success: 'yes' },
  ]) {
    const res = await post('/v1/3ds/authenticate', body, frame.origin);
    t.is(res.status, 400, JSON.stringify(body));
  }
});

test('a card the provider refuses comes back as 402 CARD_REFUSED in plain words, without the number', async (t) => {
  // localstripe takes 16-digit numbers only: this valid 15-digit test Amex is refused there.
  const res = await post(
    '/v1/payment_methods',
    { ...GOOD, number: '3782 822463 10005', cvc: '1234' },
    frame.origin,
  );
  t.is(res.status, 402);
  t.deepEqual(await res.json(), {
    error_code: 'CARD_REFUSED',
    message: 'The payment provider could not use this card: check the details or try another card.',
  });
});
