import { ArraySchema, ObjectSchema, TupleSchema, type Lazy } from 'yup';
import { isOpenObject } from './schema-docs';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** yup's own path style: `booking.role`, `passengers[1].cvv`, `notes["odd key"]`. */
function childPath(parent: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** yup exports Lazy as a type only; its instances say what they are. */
function isLazy(schema: unknown): schema is Lazy<unknown, object, never, unknown, unknown> {
  return (schema as { type?: unknown } | undefined)?.type === 'lazy';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface UnknownKeysOptions {
  /** Let objects marked with `openObject` keep any key: for answers, never for input. */
  allowOpenObjects?: boolean;
}

/**
 * Every key of `value` that `schema` does not declare, at any depth, arrays and tuples included
 * (SEC-VAL-01 mass assignment: yup's `strict` refuses wrong types but lets unknown keys through, and
 * `noUnknown` only looks at the level it is set on). A value of the wrong shape yields nothing here:
 * the schema's own validation refuses it. `undefined` as schema declares nothing, so every key is
 * unknown.
 */
export function unknownKeys(schema: unknown, value: unknown, options: UnknownKeysOptions = {}): string[] {
  const walk = (node: unknown, at: unknown, path: string): string[] => {
    if (isLazy(node)) return walk(node.resolve({ value: at }), at, path);
    if (node === undefined || node instanceof ObjectSchema) {
      if (!isPlainObject(at) || (options.allowOpenObjects && node && isOpenObject(node))) return [];
      const fields: Record<string, unknown> = node?.fields ?? {};
      return Object.keys(at).flatMap((key) =>
        Object.hasOwn(fields, key)
          ? walk(fields[key], at[key], childPath(path, key))
          : [childPath(path, key)],
      );
    }
    if (!Array.isArray(at)) return [];
    if (node instanceof ArraySchema) {
      const items: unknown = node.innerType;
      return items === undefined ? [] : at.flatMap((item, i) => walk(items, item, `${path}[${i}]`));
    }
    if (node instanceof TupleSchema) {
      const types = (node.spec as unknown as { types?: unknown[] }).types ?? [];
      return at.flatMap((item, i) => (i < types.length ? walk(types[i], item, `${path}[${i}]`) : []));
    }
    return [];
  };
  return walk(schema, value, '');
}
