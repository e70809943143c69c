import test from 'ava';
import fc from 'fast-check';
import { keyRule } from '../../lib/logger/key-rules';
import { maskShapes, mayHoldAShape, scanShapes } from '../../lib/logger/text-shapes';
import { maskSensitivePairs } from '../../lib/logger/text-pairs';
import { assertProperty } from '../helpers/property-runs';

/*
 * The masking logger skips work a string cannot need (bench/request-log-line.ts): these prove the
 * shortcuts never change what is written, on every shape's examples and on random text built from
 * the characters and words the shapes look for.
 */

const SHAPE_EXAMPLES = [
  '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----',
  'postgres://app:hunter2@db:5432/x',
  'Authorization: Bearer abc.def-ghi',
  'basic dXNlcjpwYXNz',
  'Digest username=x',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl',
  'key sk_live_abcdefgh1234',
  'rk_test_ABCDEFGH99',
  'whsec_abcdefgh',
  '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
  '$2b$12$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyzABCDE',
  'card 4111111111111111 used',
  'a 13-digit card 4222222222222',
  'card 4111 1111 1111 1111',
  'card 4111-1111-1111-1111 123',
  'mail jane.doe@example.com',
  'call +44 20 7946 0958',
];

test('SEC-LOG-02 every shape example passes the shortcut test, so it is still scanned', (t) => {
  for (const example of SHAPE_EXAMPLES) {
    t.true(mayHoldAShape(example), example);
    t.not(maskShapes(example), example, `${example} is masked`);
  }
});

const FRAGMENTS = [
  '4',
  '1',
  '0',
  '9',
  ' ',
  '-',
  '@',
  '+',
  '$',
  ':',
  '=',
  '.',
  '/',
  '_',
  'a',
  'Z',
  '\n',
  '\u00a0',
  'eyJ',
  'Bearer ',
  'basic ',
  'DIGEST ',
  'sk_live_',
  'rk_test_',
  'whsec_',
  '-----BEGIN',
  ' PRIVATE KEY-----',
  '://',
  'user',
  'example.com',
  '$argon2id$',
  '$2b$12$',
  '4111',
  '1111',
  'password',
  'token',
  'Cookie',
  'email',
  '"',
  "'",
  '&',
  'é',
  '٣',
];
const textOf = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(''));

test('SEC-LOG-02 the shape shortcut never changes a masked string (random text of shape parts)', (t) => {
  assertProperty(
    fc.property(
      fc.oneof(textOf, fc.string({ maxLength: 60 })),
      (text) => maskShapes(text) === scanShapes(text),
    ),
    { numRuns: 20_000 },
  );
  t.pass();
});

test('SEC-LOG-02 a text without `=` or `:` has no sensitive pair to mask', (t) => {
  t.is(maskSensitivePairs('password=hunter2'), 'password=***');
  t.is(maskSensitivePairs('"token": "abc"'), '"token": "***"');
  t.is(maskSensitivePairs('password hunter2 token abc'), 'password hunter2 token abc');
});

test('SEC-LOG-02 the compiled name rules keep their order and every listed name', (t) => {
  t.is(keyRule('cardCvv'), 'drop');
  t.is(keyRule('emailToken'), 'secret');
  t.is(keyRule('X-CSRF-Token'), 'secret');
  t.is(keyRule('refresh_token'), 'secret');
  t.is(keyRule('cardNumber'), 'card');
  t.is(keyRule('PAN'), 'card');
  t.is(keyRule('passport_no'), 'passport');
  t.is(keyRule('nationalId'), 'passport');
  t.is(keyRule('mobilePhone'), 'phone');
  t.is(keyRule('FAX'), 'phone');
  t.is(keyRule('e-mail'), 'email');
  t.is(keyRule('mail'), 'email');
  t.is(keyRule('pin'), 'secret');
  t.is(keyRule('pinned'), undefined);
  t.is(keyRule('request_id'), undefined);
  t.is(keyRule('---'), undefined);
});
