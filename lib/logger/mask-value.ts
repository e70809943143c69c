import { types } from 'node:util';
import { maskedCredentialCommand } from './command-masks';
import { keyRule, type KeyRule } from './key-rules';
import type { MaskOptions } from './mask-options';
import { UNSCANNED_STRING_LENGTH, maskString } from './mask-string';
import { passesLuhn } from '../cards/luhn';
import { maskByRule } from './rule-masks';
import { SECRET_MASK, maskCardNumber } from './value-masks';

/**
 * Turns any value into a JSON-safe tree with every sensitive part masked (SEC-LOG-02):
 * field names decide first (and their rule carries down into nested values), then every string
 * is masked by shape. Cycles, depth, size and hostile getters are all bounded.
 */
interface Walk {
  options: MaskOptions;
  ancestors: Set<object>;
  nodesLeft: number;
  charsLeft: number;
}

const MAX_KEY_LENGTH = 256;

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  // Assigning `__proto__` would set the prototype: that one key becomes a plain field by defineProperty.
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}

function text(value: string, w: Walk, maxLength = w.options.maxStringLength): string {
  if (value.length <= UNSCANNED_STRING_LENGTH) {
    if (value.length > w.charsLeft) return '[truncated: record too large]';
    w.charsLeft -= value.length;
  }
  return maskString(value, maxLength);
}

function primitive(value: string | number | bigint, w: Walk, rule: KeyRule | undefined): unknown {
  if (rule) return maskByRule(rule, String(value));
  if (typeof value === 'number') {
    const digits = Number.isInteger(value) ? String(value) : '';
    if (/^\d{13,19}$/.test(digits) && passesLuhn(digits)) return maskCardNumber(digits);
    return value;
  }
  return text(String(value), w);
}

function entriesToObject(entries: [string, unknown][], depth: number, w: Walk, inherited?: KeyRule) {
  const out: Record<string, unknown> = {};
  const kept = entries.slice(0, w.options.maxKeys);
  for (const [key, value] of kept) {
    const masked = walk(value, depth + 1, w, keyRule(key) ?? inherited);
    if (masked !== undefined) define(out, text(key, w, MAX_KEY_LENGTH), masked);
  }
  if (entries.length > kept.length) define(out, '[truncated]', `${entries.length - kept.length} more keys`);
  return out;
}

function ownEntries(value: object): [string, unknown][] {
  let keys: string[];
  try {
    keys = Object.keys(value);
  } catch {
    return [['[unreadable]', true]];
  }
  return keys.map((key): [string, unknown] => {
    try {
      return [key, (value as Record<string, unknown>)[key]];
    } catch {
      return [key, '[unreadable]'];
    }
  });
}

function arrayItems(items: unknown[], depth: number, w: Walk, inherited?: KeyRule): unknown[] {
  const kept = items.slice(0, w.options.maxArrayLength);
  const out = kept.map((item, i) => {
    // Header lists such as Node's rawHeaders alternate names and values: [name, value, …].
    const previous = i % 2 === 1 ? kept[i - 1] : undefined;
    const rule = (typeof previous === 'string' && keyRule(previous)) || inherited;
    const masked = walk(item, depth + 1, w, rule);
    return masked === undefined ? null : masked;
  });
  if (items.length > kept.length) out.push(`[truncated: ${items.length - kept.length} more items]`);
  return out;
}

function errorEntries(error: Error, w: Walk): [string, unknown][] {
  const fields = error as Error & { code?: unknown; cause?: unknown; errors?: unknown };
  const entries: [string, unknown][] = [
    ['name', error.name],
    ['message', error.message],
  ];
  if (fields.code !== undefined) entries.push(['code', fields.code]);
  if ('cause' in error) entries.push(['cause', fields.cause]);
  if (error instanceof AggregateError) entries.push(['errors', fields.errors]);
  for (const entry of ownEntries(error)) {
    if (!['name', 'message', 'code', 'cause', 'errors', 'stack'].includes(entry[0])) entries.push(entry);
  }
  if (w.options.includeStack && typeof error.stack === 'string') entries.push(['stack', error.stack]);
  return entries;
}

function objectValue(value: object, depth: number, w: Walk, inherited?: KeyRule): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Buffer.isBuffer(value)) return `[Buffer: ${value.length} bytes]`;
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name}: ${value.byteLength} bytes]`;
  if (value instanceof ArrayBuffer) return `[ArrayBuffer: ${value.byteLength} bytes]`;
  if (types.isNativeError(value) || value instanceof Error) {
    return entriesToObject(errorEntries(value as Error, w), depth, w, inherited);
  }
  if (Array.isArray(value)) return arrayItems(value, depth, w, inherited);
  const command = maskedCredentialCommand(value);
  if (command) return command;
  if (value instanceof Map) {
    return entriesToObject(
      [...value].map(([k, v]) => [String(k), v]),
      depth,
      w,
      inherited,
    );
  }
  if (value instanceof Set) return arrayItems([...value], depth, w, inherited);
  if (value instanceof URLSearchParams) return entriesToObject([...value], depth, w, inherited);
  if (value instanceof URL || value instanceof RegExp) return text(String(value), w);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    let json: unknown;
    try {
      json = toJSON.call(value);
    } catch {
      return '[unserializable]';
    }
    if (json !== value) return walk(json, depth + 1, w, inherited);
  }
  return entriesToObject(ownEntries(value), depth, w, inherited);
}

function walk(value: unknown, depth: number, w: Walk, rule?: KeyRule): unknown {
  if (rule === 'drop') return undefined;
  if (--w.nodesLeft < 0) return '[truncated: record too large]';
  switch (typeof value) {
    case 'undefined':
    case 'boolean':
      return value;
    case 'string':
    case 'number':
    case 'bigint':
      return primitive(value, w, rule);
    case 'symbol':
      return rule ? SECRET_MASK : text(value.toString(), w);
    case 'function':
      return rule ? SECRET_MASK : `[function ${text(value.name, w, MAX_KEY_LENGTH)}]`;
  }
  if (value === null || value === undefined) return value;
  if (rule === 'secret') return SECRET_MASK;
  if (depth >= w.options.maxDepth) return '[truncated: too deep]';
  const object: object = value;
  if (w.ancestors.has(object)) return '[Circular]';
  w.ancestors.add(object);
  try {
    return objectValue(object, depth, w, rule);
  } finally {
    w.ancestors.delete(object);
  }
}

/** The masked, JSON-safe copy of `value`; the input is never modified. */
export function maskValue(value: unknown, options: MaskOptions): unknown {
  const w: Walk = {
    options,
    ancestors: new Set(),
    nodesLeft: options.maxNodes,
    charsLeft: options.maxScannedChars,
  };
  return walk(value, 0, w);
}
