import test from 'ava';
import * as yup from 'yup';
import { containsCardData } from '../../lib/cards/card-data';
import { maskPans, passesLuhn } from '../../lib/cards/pan';
import type { RouteDeclaration } from '../../api/routing/route';
import { startApiApp, type ApiApp } from '../helpers/api-app';
import { withoutGeneratedFields } from '../helpers/generated-fields';

const VISA = '4242424242424242';
const AMEX = '378282246310005';
const NOT_LUHN = '4242424242424241';
const PAN_REFUSAL = {
  error_code: 'PAN_NOT_ACCEPTED',
  message: 'Card numbers are not accepted; send a Stripe PaymentMethod id (pm_...) instead',
};

const testRoutes: RouteDeclaration[] = [
  {
    method: 'POST',
    path: '/test/payment',
    summary: 'test only: takes a payment method reference',
    permission: 'public',
    // Refusals happen before validation; these are the fields of the bodies that must pass.
    body: yup.object({
      reference: yup.string(),
      payment_method: yup.string(),
      card_brand: yup.string(),
      card_last4: yup.string(),
      phone: yup.string(),
      booking_ref: yup.string(),
      amount_minor: yup.number(),
    }),
    handler(ctx) {
      ctx.body = { accepted: true };
    },
  },
  {
    method: 'GET',
    path: '/test/search',
    summary: 'test only: takes a free-text query',
    permission: 'public',
    query: yup.object({ q: yup.string() }),
    handler(ctx) {
      ctx.body = { accepted: true };
    },
  },
];

let api: ApiApp;
test.before(async () => {
  api = await startApiApp({ extraRoutes: testRoutes });
});
test.after.always(() => api.close());

const pay = (body: unknown) =>
  api.send({
    method: 'POST',
    path: '/test/payment',
    headers: { 'Content-Type': 'application/json', 'User-Agent': `card ${VISA}` },
    body: JSON.stringify(body),
  });

test('SEC-VAL-04 a valid Luhn PAN in a nested field is refused with PAN_NOT_ACCEPTED', async (t) => {
  for (const body of [
    { booking: { travellers: [{ note: VISA }] } },
    { booking: { payment: { reference: '4242 4242 4242 4242' } } },
    { note: `my card is 4242-4242-4242-4242, please charge it` },
    { amex: AMEX },
    { numeric: Number(VISA) },
    { [VISA]: 'as a key' },
  ]) {
    const answer = await pay(body);
    t.is(answer.status, 400, JSON.stringify(body));
    // Exactly the refusal: error_id and timestamp have their generated shape (a random UUID may
    // well contain "4242"), and nothing else in the answer carries the number.
    t.deepEqual(withoutGeneratedFields(answer.json), PAN_REFUSAL, 'the answer does not echo the number');
    t.deepEqual(Object.keys(answer.json).sort(), ['error_code', 'error_id', 'message', 'timestamp']);
  }
});

test('SEC-VAL-04 card-named fields are refused whatever they hold', async (t) => {
  for (const key of ['cvv', 'CVC', 'cvv2', 'security_code', 'card_number', 'cardNumber', 'pan', 'card']) {
    const answer = await pay({ payment: { [key]: '123' } });
    t.is(answer.status, 400, key);
    t.is(answer.json.error_code, 'PAN_NOT_ACCEPTED', key);
  }
});

test('SEC-VAL-04 a PAN in the query string is refused', async (t) => {
  const answer = await api.send(`/test/search?q=${VISA}`);
  t.is(answer.status, 400);
  t.is(answer.json.error_code, 'PAN_NOT_ACCEPTED');
  const named = await api.send('/test/search?cvv=123');
  t.is(named.json.error_code, 'PAN_NOT_ACCEPTED');
});

test('SEC-VAL-04 a 16-digit non-Luhn number, a pm_ id, brand and last4 pass', async (t) => {
  t.false(passesLuhn(NOT_LUHN));
  for (const body of [
    { reference: NOT_LUHN },
    { payment_method: 'pm_1MqLiJLkdIwHu7ixUEgbFdYF' },
    { payment_method: 'pm_card_visa' },
    { payment_method: `pm_${VISA}` },
    { card_brand: 'visa', card_last4: '4242' },
    { phone: '+14155552671', booking_ref: 'TH-2024-000123', amount_minor: 125000 },
  ]) {
    const answer = await pay(body);
    t.is(answer.status, 200, JSON.stringify(body));
  }
});

test('SEC-VAL-04 card numbers never reach the logs', async (t) => {
  await pay({ note: VISA });
  await api.send(`/test/search?q=${VISA}`);
  await api.send(`/no/such/${VISA}`);
  await new Promise((resolve) => setImmediate(resolve));
  t.false(api.logs.text().includes(VISA));
  t.false(api.logs.text().includes('4242 4242 4242 4242'));
  t.true(
    api.logs.records.some((r) => r.path === '/no/such/****4242'),
    'the path is logged masked',
  );
  t.true(
    api.logs.records.some((r) => r.path === '/test/payment' && r.user_agent === 'card ****4242'),
    'the user agent is logged masked',
  );
});

test('SEC-VAL-04 detection and masking rules', (t) => {
  t.true(containsCardData({ a: [{ b: { c: `x ${AMEX} y` } }] }));
  t.true(containsCardData({ a: 12_345_678_901_234_568 }), '17-digit numbers cannot be Luhn-checked: refused');
  t.false(containsCardData({ a: '1234567890123456789012' }), 'longer digit runs are not PANs');
  t.false(containsCardData({ a: 'order 2024-05-01, 3 nights' }));
  t.is(maskPans(`pay ${VISA} now`), 'pay ****4242 now');
  t.is(maskPans(NOT_LUHN), NOT_LUHN);
});
