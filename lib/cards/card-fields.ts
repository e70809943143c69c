/**
 * Field names that carry card data, compared lower-cased with separators removed, so `card_number`,
 * `cardNumber` and `Card-Number` are one name. Brand and last4 (`card_brand`, `card_last4`) are
 * not card data and stay allowed.
 */
const CARD_FIELD_NAMES = new Set([
  'card',
  'cardnumber',
  'cardnum',
  'cardno',
  'creditcard',
  'creditcardnumber',
  'debitcard',
  'debitcardnumber',
  'ccnumber',
  'ccnum',
  'pan',
  'primaryaccountnumber',
  'cvv',
  'cvv2',
  'cvc',
  'cvc2',
  'cvn',
  'securitycode',
  'cardsecuritycode',
  'cardverificationcode',
  'cardverificationvalue',
]);

export function isCardFieldName(key: string): boolean {
  return CARD_FIELD_NAMES.has(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
}
