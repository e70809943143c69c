import { errors } from '../../lib/errors';

export type SortValue = string | number;

/**
 * `search_after` cursors: the last hit's sort values with the sort they belong to, as base64url
 * JSON. A decoded cursor is checked value by value (kind, length, size), so nothing but
 * numbers and short strings of the expected count ever reaches the query.
 */
export function encodeCursor(sort: string, values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify({ s: sort, v: values }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, sort: string, length: number): SortValue[] {
  const invalid = () => errors.validation('cursor is not valid for this search', { field: 'cursor' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const { s, v } = parsed as { s?: unknown; v?: unknown };
  if (s !== sort || !Array.isArray(v) || v.length !== length) throw invalid();
  for (const value of v) {
    const ok =
      (typeof value === 'number' && Number.isFinite(value)) ||
      (typeof value === 'string' && value.length <= 128);
    if (!ok) throw invalid();
  }
  return v as SortValue[];
}
