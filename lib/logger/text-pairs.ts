import { keyRule, type KeyRule } from './key-rules';
import { maskByRule } from './rule-masks';
import { SECRET_MASK } from './value-masks';

const VALUE_DELIMITERS = new Set([' ', '\t', '\n', '\r', '&', ';', ',', '}', ']', ')', '"', "'"]);

function skipBlanks(text: string, i: number): number {
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i;
}

function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** End of a quoted value (after its closing quote), or the end of the line when unclosed. */
function quotedEnd(text: string, from: number, quote: string): number {
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === quote) return i + 1;
    else if (c === '\n' || c === '\r') return i;
  }
  return text.length;
}

/** `a=b&…` values end at a delimiter; `Name: value` (header style) values run to the line end. */
function valueEnd(text: string, from: number, separator: string): number {
  const first = text[from];
  if (first === '"' || first === "'") return quotedEnd(text, from, first);
  if (separator === ':') return lineEnd(text, from);
  let i = from;
  while (i < text.length && !VALUE_DELIMITERS.has(text[i] ?? '')) i++;
  return i;
}

function maskValueText(rule: KeyRule, raw: string): string {
  const quote = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
  const closed = quote !== '' && raw.length > 1 && raw.endsWith(quote);
  const inner = raw.slice(quote ? 1 : 0, closed ? -1 : undefined);
  return quote + (maskByRule(rule, inner) ?? SECRET_MASK) + (closed ? quote : '');
}

/**
 * Masks values that follow a sensitive name inside free text: query strings
 * (`?token=…`), form bodies, raw headers (`Cookie: …`), JSON or inspected objects held in a
 * string (`"password":"…"`). One left-to-right pass, so the cost is linear in the text.
 */
export function maskSensitivePairs(text: string): string {
  // Every pair needs its separator: without one there is nothing to scan for.
  if (!text.includes('=') && !text.includes(':')) return text;
  let out = '';
  let copied = 0;
  const names = /[A-Za-z0-9_-]+/g;
  for (let match = names.exec(text); match; match = names.exec(text)) {
    const rule = keyRule(match[0]);
    if (!rule) continue;
    let i = match.index + match[0].length;
    if (text[i] === '"' || text[i] === "'") i++;
    i = skipBlanks(text, i);
    const separator = text[i];
    if (separator !== ':' && separator !== '=') continue;
    const start = skipBlanks(text, i + 1);
    const end = valueEnd(text, start, separator);
    if (end === start) continue;
    out += text.slice(copied, start) + maskValueText(rule, text.slice(start, end));
    copied = end;
    names.lastIndex = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
