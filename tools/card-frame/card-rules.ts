/**
 * The card input rules of the card frame, shared by the frame's script (errors as the customer
 * types) and the service (which checks again before anything reaches the payment provider).
 * No DOM and no Node here: both builds import this file.
 */
export interface CardInput {
  number: string;
  /** MM/YY as typed. */
  expiry: string;
  cvc: string;
}

export interface CheckedCard {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export type CardField = keyof CardInput;
export type CardCheck =
  { ok: true; card: CheckedCard } | { ok: false; errors: Partial<Record<CardField, string>> };

/** Digits only once the spaces a customer types between groups are taken out. */
export function cardDigits(typed: string): string | null {
  const digits = typed.replace(/ /g, '');
  return /^\d{12,19}$/.test(digits) ? digits : null;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** MM/YY (spaces around the slash allowed) → month and four-digit year; null when malformed. */
export function parseExpiry(typed: string): { month: number; year: number } | null {
  const match = /^\s*(\d{2})\s*\/\s*(\d{2})\s*$/.exec(typed);
  if (!match) return null;
  const month = Number(match[1]);
  if (month < 1 || month > 12) return null;
  return { month, year: 2000 + Number(match[2]) };
}

/** A card is good through the last day of its expiry month. */
export function expiryPassed(expiry: { month: number; year: number }, now: Date): boolean {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return expiry.year < year || (expiry.year === year && expiry.month < month);
}

export function checkNumber(typed: string): string | undefined {
  if (typed.trim() === '') return 'Enter the card number.';
  const digits = cardDigits(typed);
  if (!digits) return 'The card number must be 12 to 19 digits (spaces between groups are fine).';
  if (!luhnValid(digits)) return 'This card number is not valid: check the digits.';
  return undefined;
}

export function checkExpiry(typed: string, now: Date): string | undefined {
  if (typed.trim() === '') return 'Enter the expiry date (MM/YY).';
  const expiry = parseExpiry(typed);
  if (!expiry) return 'The expiry date must be MM/YY, with a month from 01 to 12.';
  if (expiryPassed(expiry, now)) return 'This card has expired.';
  return undefined;
}

export function checkCvc(typed: string): string | undefined {
  if (typed.trim() === '') return 'Enter the security code (CVC).';
  if (!/^\d{3,4}$/.test(typed.trim())) return 'The security code (CVC) must be 3 or 4 digits.';
  return undefined;
}

export function checkCard(input: CardInput, now: Date): CardCheck {
  const errors: Partial<Record<CardField, string>> = {};
  const number = checkNumber(input.number);
  const expiry = checkExpiry(input.expiry, now);
  const cvc = checkCvc(input.cvc);
  if (number) errors.number = number;
  if (expiry) errors.expiry = expiry;
  if (cvc) errors.cvc = cvc;
  if (number || expiry || cvc) return { ok: false, errors };
  const { month, year } = parseExpiry(input.expiry)!;
  return {
    ok: true,
    card: { number: cardDigits(input.number)!, expMonth: month, expYear: year, cvc: input.cvc.trim() },
  };
}
