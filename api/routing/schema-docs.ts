import { addMethod, Schema, type AnyObjectSchema } from 'yup';
import { extendSchema } from '@sodaru/yup-to-json-schema';

// Gives every yup schema `.description(text)` and `.example(value)`, which the OpenAPI document
// shows. yup-to-json-schema declares these methods on yup's types; this call makes them exist.
extendSchema({ addMethod, Schema });

interface JsonSchemaMeta {
  jsonSchema?: { additionalProperties?: unknown };
}

/**
 * An answer object whose keys are not all known in advance (the OpenAPI document itself, error
 * details). Only answers may be open: input objects are always closed (SEC-VAL-01).
 */
export function openObject<S extends AnyObjectSchema>(schema: S): S {
  return schema.jsonSchema((json) => ({ ...json, additionalProperties: true }));
}

export function isOpenObject(schema: AnyObjectSchema): boolean {
  return (schema.spec.meta as JsonSchemaMeta | undefined)?.jsonSchema?.additionalProperties === true;
}
