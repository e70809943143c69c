function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A request's fingerprint text (not the audit log's canonical form, lib/audit/canonical-json.ts,
 * which is stricter). One text per JSON value: object keys sorted, no whitespace, numbers and strings as
 * JSON.stringify writes them. Key order and formatting of the client's body therefore never
 * change a request's fingerprint. Absent values are left out as JSON.stringify does.
 */
export function sortedKeyJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON takes only finite numbers');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(sortedKeyJson).join(',')}]`;
      if (!isPlainObject(value)) throw new TypeError('canonical JSON takes only plain objects');
      const keys = Object.keys(value)
        .filter((k) => value[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedKeyJson(value[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot encode a ${typeof value}`);
  }
}
