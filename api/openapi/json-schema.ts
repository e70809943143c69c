import { convertSchema } from '@sodaru/yup-to-json-schema';
// The library's own string converter, wrapped below; its package has no exports map to forbid this.
import stringConverter from '@sodaru/yup-to-json-schema/dist/converters/string';
import type { Converter, Converters } from '@sodaru/yup-to-json-schema/dist/types';
import type { AnySchema, SchemaDescription } from 'yup';
import type { JsonSchema } from './types';

type Node = Record<string, unknown>;

export type ObjectRule =
  /** Input: every object refuses unknown keys, as validateInput does (SEC-VAL-01). */
  | 'closed'
  /** Answers: objects refuse unknown keys unless declared with `openObject`. */
  | 'closed-unless-open';

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(node: Node, type: string): boolean {
  return node.type === type || (Array.isArray(node.type) && node.type.includes(type));
}

/**
 * Brings the converter's output to what the API does and to JSON Schema 2020-12 (OpenAPI 3.1):
 * objects closed, yup's implicit `{}` object defaults dropped, draft-07 tuple `items: [...]` as
 * `prefixItems`, and `mixed`'s empty type list removed.
 */
function normalise(node: Node, rule: ObjectRule): Node {
  const out: Node = { ...node };
  if (Array.isArray(out.type) && out.type.length === 0) delete out.type;
  if (hasType(out, 'object')) {
    delete out.default;
    if (rule === 'closed' || out.additionalProperties === undefined) out.additionalProperties = false;
    if (isNode(out.properties)) {
      const properties: Node = {};
      for (const [name, child] of Object.entries(out.properties)) {
        properties[name] = isNode(child) ? normalise(child, rule) : child;
      }
      out.properties = properties;
    }
  }
  if (Array.isArray(out.items)) {
    out.prefixItems = out.items.map((item: unknown) => (isNode(item) ? normalise(item, rule) : item));
    out.items = false;
  } else if (isNode(out.items)) {
    out.items = normalise(out.items, rule);
  }
  return out;
}

/**
 * Named yup tests the library does not know, as the JSON Schema format they check: yup's
 * `string().datetime()`, and the `iso-date` test of calendar dates (services/bookings/booking-input.ts).
 */
const FORMAT_OF_TEST: Readonly<Record<string, string>> = { datetime: 'date-time', 'iso-date': 'date' };

const string: Converter = (description, converters) => {
  const json = stringConverter(description, converters);
  const tests = (description as SchemaDescription).tests;
  const format = tests.map((t) => (t.name ? FORMAT_OF_TEST[t.name] : undefined)).find(Boolean);
  return format ? { format, ...json } : json;
};

/** A yup schema as the JSON Schema the OpenAPI document shows for it. */
export function toJsonSchema(schema: AnySchema, rule: ObjectRule): JsonSchema {
  return normalise(
    convertSchema(schema, { converters: { string } as Partial<Converters> as Converters }) as Node,
    rule,
  );
}
