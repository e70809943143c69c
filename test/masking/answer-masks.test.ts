import test from 'ava';
import {
  maskDateOfBirth,
  maskEmail,
  maskName,
  maskPassport,
  maskPhone,
  maskTail,
} from '../../lib/masking/answer-masks';

test('SEC-DATA-03 passport numbers are masked to ******1234', (t) => {
  t.is(maskPassport('X12341234'), '******1234');
  t.is(maskPassport('GB 123 456 789'), '******6789');
  t.is(maskPassport('AB1234'), '******234', 'never more than half of a short value');
  t.is(maskPassport(''), '******');
});

test('SEC-DATA-03 emails, phones, names and dates of birth are masked', (t) => {
  t.is(maskEmail('ada.lovelace@example.com'), 'a***@example.com');
  t.is(maskEmail('a@example.com'), '***@example.com');
  t.is(maskEmail('not-an-email'), '***');
  t.is(maskEmail('@example.com'), '***');
  t.is(maskPhone('+44 7700 900123'), '******0123');
  t.is(maskPhone('+1 (415) 555-0100'), '******0100');
  t.is(maskName('Ada King Lovelace'), 'A*** K*** L***');
  t.is(maskName('  Łukasz  Żółw '), 'Ł*** Ż***');
  t.is(maskName(''), '***');
  t.is(maskDateOfBirth('1815-12-10'), '1815-**-**');
  t.is(maskDateOfBirth('10/12/1815'), '****-**-**');
});

test('SEC-DATA-03 masks have a fixed width and count code points, not UTF-16 units', (t) => {
  t.is(maskTail('12345678901234567890').length, maskTail('12345678').length);
  t.is(maskTail('𝟘𝟙𝟚𝟛𝟜𝟝𝟞𝟟'), '******𝟜𝟝𝟞𝟟');
  t.is(maskName('👩‍✈️ Pilot'), '👩*** P***');
});
