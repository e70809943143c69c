import { isCardFieldName } from './card-fields';
import { containsPan, numberLooksLikePan } from './pan';

/**
 * SEC-VAL-04: whether a parsed body or query holds card data anywhere: a PAN in any string, key or
 * number, or a field named like a card field. Walks iteratively, so input depth cannot exhaust the
 * stack; the body reader has already bounded its size.
 */
export function containsCardData(input: unknown): boolean {
  const pending: unknown[] = [input];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (containsPan(value)) return true;
    } else if (typeof value === 'number') {
      if (numberLooksLikePan(value)) return true;
    } else if (Array.isArray(value)) {
      pending.push(...value);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (isCardFieldName(key) || containsPan(key)) return true;
        pending.push(child);
      }
    }
  }
  return false;
}
