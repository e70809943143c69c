import test from 'ava';
import { cardDigits, checkCard, checkExpiry, luhnValid } from '../../tools/card-frame/card-rules';

const NOW = new Date('2026-06-15T12:00:00Z');

test('card numbers: spaces between groups are taken out, anything else but digits is refused', (t) => {
  t.is(cardDigits('4242 4242 4242 4242'), '4242424242424242');
  t.is(cardDigits('4242424242424242'), '4242424242424242');
  t.is(cardDigits('4242-4242-4242-4242'), null);
  t.is(cardDigits('4242 4242 4242 424x'), null);
  t.is(cardDigits('42424242424'), null, 'too short');
});

test('the Luhn check accepts Stripe’s test cards and refuses one changed digit', (t) => {
  for (const n of [
    '4242424242424242',
    '4000002500003155',
    '4000000000000341',
    '5555555555554444',
    '378282246310005',
  ]) {
    t.true(luhnValid(n), n);
  }
  t.false(luhnValid('4242424242424241'));
  t.false(luhnValid('4000002500003156'));
});

test('expiry: MM/YY, good through the end of its month, never in the past', (t) => {
  t.is(checkExpiry('06/26', NOW), undefined, 'this month is still good');
  t.is(checkExpiry('05/26', NOW), 'This card has expired.');
  t.is(checkExpiry('12/25', NOW), 'This card has expired.');
  t.is(checkExpiry('01 / 27', NOW), undefined);
  for (const bad of ['00/27', '13/27', '1/27', '01/2027', '0127']) {
    t.is(checkExpiry(bad, NOW), 'The expiry date must be MM/YY, with a month from 01 to 12.', bad);
  }
  t.is(checkExpiry(' ', NOW), 'Enter the expiry date (MM/YY).');
});

test('a whole card: every wrong field named at once; a good one comes back as digits and numbers', (t) => {
  t.deepEqual(checkCard({ number: '', expiry: '', cvc: '12345' }, NOW), {
    ok: false,
    errors: {
      number: 'Enter the card number.',
      expiry: 'Enter the expiry date (MM/YY).',
      cvc: 'The security code (CVC) must be 3 or 4 digits.',
    },
  });
  t.deepEqual(checkCard({ number: '4242 4242 4242 4242', expiry: '07/29', cvc: '1234' }, NOW), {
    ok: true,
    card: { number: '4242424242424242', expMonth: 7, expYear: 2029, cvc: '1234' },
  });
});
