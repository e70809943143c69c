import type { KeyRule } from './key-rules';
import { SECRET_MASK, hashPassport, maskCardNumber, maskEmailAddress, maskPhone } from './value-masks';

const WHOLE_EMAIL = /^([^\s@]+)@([^\s@]+)$/u;

/**
 * The logged form of a string or number found under a sensitive name; undefined means the
 * field is left out of the record entirely (card security codes are never logged in any form).
 */
export function maskByRule(rule: KeyRule, value: string): string | undefined {
  switch (rule) {
    case 'drop':
      return undefined;
    case 'secret':
      return SECRET_MASK;
    case 'card':
      return maskCardNumber(value);
    case 'passport':
      return hashPassport(value);
    case 'phone':
      return maskPhone(value);
    case 'email': {
      const match = WHOLE_EMAIL.exec(value.trim());
      return match ? maskEmailAddress(match[1] ?? '', match[2] ?? '') : SECRET_MASK;
    }
  }
}
