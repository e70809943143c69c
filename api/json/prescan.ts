import { FORBIDDEN_KEYS } from './forbidden-keys';

export interface JsonLimits {
  maxJsonDepth: number;
  /** Most items in one array, and most members in one object. */
  maxArrayLength: number;
  /** Most characters in one string or key, counted after escapes are decoded. */
  maxStringLength: number;
}

export type JsonProblem =
  | 'JSON_TOO_DEEP'
  | 'JSON_TOO_MANY_ITEMS'
  | 'JSON_STRING_TOO_LONG'
  | 'JSON_FORBIDDEN_KEY'
  | 'JSON_DUPLICATE_KEY'
  | 'MALFORMED_JSON';

interface Container {
  isObject: boolean;
  members: number;
  /** Arrays: a value may start next. Objects: a key may start next. */
  awaiting: boolean;
  keys: Set<string> | undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Where a string starting at `start` (its opening quote) ends, and its decoded length. */
function scanString(
  text: string,
  start: number,
  maxLength: number,
): { end: number; escaped: boolean } | JsonProblem {
  let length = 0;
  let escaped = false;
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return { end: i, escaped };
    if (c === BACKSLASH) {
      escaped = true;
      i += text.charCodeAt(i + 1) === 0x75 /* u */ ? 5 : 1;
    }
    if (++length > maxLength) return 'JSON_STRING_TOO_LONG';
  }
  return 'MALFORMED_JSON';
}

function readKey(text: string, start: number, end: number, escaped: boolean): string | undefined {
  const raw = text.slice(start, end + 1);
  if (!escaped) return raw.slice(1, -1);
  try {
    const key: unknown = JSON.parse(raw);
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}

function isValueStart(c: number): boolean {
  // { [ " - 0-9 t f n
  return (
    c === 0x7b ||
    c === 0x5b ||
    c === QUOTE ||
    c === 0x2d ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x74 ||
    c === 0x66 ||
    c === 0x6e
  );
}

/**
 * One linear pass over raw JSON text that finds what JSON.parse must never be asked to build:
 * nesting past the depth limit, oversized arrays, objects and strings, prototype keys and
 * duplicate keys (which parsers resolve differently). It stops at the first problem, so hostile
 * input such as a megabyte of `[[[[` costs a few characters of work. Syntax is left to JSON.parse.
 */
export function prescanJson(text: string, limits: JsonLimits): JsonProblem | undefined {
  const stack: Container[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (top && !top.isObject && top.awaiting && isValueStart(c)) {
      top.awaiting = false;
      if (++top.members > limits.maxArrayLength) return 'JSON_TOO_MANY_ITEMS';
    }
    if (c === 0x7b || c === 0x5b) {
      const isObject = c === 0x7b;
      stack.push({ isObject, members: 0, awaiting: true, keys: isObject ? new Set() : undefined });
      if (stack.length > limits.maxJsonDepth) return 'JSON_TOO_DEEP';
    } else if (c === 0x7d || c === 0x5d) {
      if (stack.pop() === undefined) return 'MALFORMED_JSON';
    } else if (c === 0x2c /* , */) {
      if (top) top.awaiting = true;
    } else if (c === QUOTE) {
      const scanned = scanString(text, i, limits.maxStringLength);
      if (typeof scanned === 'string') return scanned;
      if (top?.isObject && top.awaiting) {
        top.awaiting = false;
        if (++top.members > limits.maxArrayLength) return 'JSON_TOO_MANY_ITEMS';
        const key = readKey(text, i, scanned.end, scanned.escaped);
        if (key === undefined) return 'MALFORMED_JSON';
        if (FORBIDDEN_KEYS.has(key)) return 'JSON_FORBIDDEN_KEY';
        if (top.keys?.has(key)) return 'JSON_DUPLICATE_KEY';
        top.keys?.add(key);
      }
      i = scanned.end;
    }
  }
  return undefined;
}
