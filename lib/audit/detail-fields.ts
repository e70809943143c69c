/**
 * The kinds of value an audit event's `details` may hold. Details are bounded plain JSON: every
 * key is allowlisted per event type and every value is one of these scalar kinds.
 */
export type DetailField =
  | { kind: 'text'; maxLength: number }
  | { kind: 'code' }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'boolean' };

export type DetailValue = string | number | boolean;

/** Identifiers, reason codes, role and permission names: no spaces, no markup. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:/@-]{0,127}$/;

// In a /u regex a surrogate pair is one code point, so this matches only unpaired halves.
const LONE_SURROGATE = /[\ud800-\udfff]/u;

export const text = (maxLength = 200): DetailField => ({ kind: 'text', maxLength });
export const code: DetailField = { kind: 'code' };
export const boolean: DetailField = { kind: 'boolean' };
export const integer = (min = 0, max = Number.MAX_SAFE_INTEGER): DetailField => ({
  kind: 'integer',
  min,
  max,
});

/** Returns why `value` does not fit `field`, or undefined when it does. */
export function detailProblem(field: DetailField, value: unknown): string | undefined {
  switch (field.kind) {
    case 'text':
      if (typeof value !== 'string') return 'must be a string';
      if (value.length > field.maxLength) return `must be at most ${field.maxLength} characters`;
      if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode';
      return undefined;
    case 'code':
      return typeof value === 'string' && CODE_PATTERN.test(value) ? undefined : 'must be a code';
    case 'integer':
      if (!Number.isSafeInteger(value)) return 'must be an integer';
      return (value as number) < field.min || (value as number) > field.max
        ? `must be from ${field.min} to ${field.max}`
        : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be a boolean';
  }
}
