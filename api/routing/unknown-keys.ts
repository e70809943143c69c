import { ArraySchema, Lazy, ObjectSchema, TupleSchema } from 'yup';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** yup's own path style: `booking.role`, `passengers[1].cvv`, `notes["odd key"]`. */
function childPath(parent: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every key of `value` that `schema` does not declare, at any depth, arrays and tuples included
 * (SEC-VAL-01 mass assignment: yup's `strict` refuses wrong types but lets unknown keys through, and
 * `noUnknown` only looks at the level it is set on). A value of the wrong shape yields nothing here:
 * the schema's own validation refuses it. `undefined` as schema declares nothing, so every key is
 * unknown.
 */
export function unknownKeys(schema: unknown, value: unknown, path = ''): string[] {
  if (schema instanceof Lazy) return unknownKeys(schema.resolve({ value }), value, path);
  if (schema === undefined || schema instanceof ObjectSchema) {
    if (!isPlainObject(value)) return [];
    const fields: Record<string, unknown> = schema?.fields ?? {};
    return Object.keys(value).flatMap((key) =>
      Object.hasOwn(fields, key)
        ? unknownKeys(fields[key], value[key], childPath(path, key))
        : [childPath(path, key)],
    );
  }
  if (!Array.isArray(value)) return [];
  if (schema instanceof ArraySchema) {
    const items: unknown = schema.innerType;
    return items === undefined ? [] : value.flatMap((item, i) => unknownKeys(items, item, `${path}[${i}]`));
  }
  if (schema instanceof TupleSchema) {
    const types = (schema.spec as unknown as { types?: unknown[] }).types ?? [];
    return value.flatMap((item, i) => (i < types.length ? unknownKeys(types[i], item, `${path}[${i}]`) : []));
  }
  return [];
}
