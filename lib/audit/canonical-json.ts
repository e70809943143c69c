/** A value that has exactly one canonical JSON text. Numbers are restricted to safe integers. */
export type CanonicalValue =
  null | boolean | number | string | CanonicalValue[] | { [key: string]: CanonicalValue };

// Only printable ASCII stays as it is. Every other code unit (control characters, DEL, C1
// controls, line/paragraph separators, bidi overrides, any non-ASCII) becomes \uXXXX, so the
// canonical text is pure printable ASCII: user input cannot start a new line, hide text, or
// close the string it lives in, and the bytes that are hashed never depend on a text encoding.
const NEEDS_ESCAPE = /[^\x20-\x21\x23-\x5b\x5d-\x7e]/g;

function escapeUnit(unit: string): string {
  if (unit === '"') return '\\"';
  if (unit === '\\') return '\\\\';
  return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function quote(text: string): string {
  return `"${text.replace(NEEDS_ESCAPE, escapeUnit)}"`;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Deterministic JSON: object keys sorted by UTF-16 code units (as RFC 8785), no whitespace,
 * strings escaped as above. Anything that has no single canonical text (non-integer numbers,
 * undefined, functions, class instances) is refused rather than guessed at.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw new TypeError('canonical JSON takes only safe integers');
      return String(value);
    case 'string':
      return quote(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      if (!isPlainObject(value)) throw new TypeError('canonical JSON takes only plain objects');
      const keys = Object.keys(value).sort();
      return `{${keys.map((k) => `${quote(k)}:${canonicalJson(value[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
  }
}
