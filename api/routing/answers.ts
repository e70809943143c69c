import type { AnySchema, InferType } from 'yup';
import './schema-docs';

/** A JSON answer: its yup schema (documented as JSON Schema) and an example that must satisfy it. */
export interface JsonAnswer {
  readonly kind: 'json';
  readonly description: string;
  readonly schema: AnySchema;
  readonly example: unknown;
}

/** A non-JSON answer (metrics text, the docs page and its assets). */
export interface MediaAnswer {
  readonly kind: 'media';
  readonly description: string;
  /** e.g. `text/html`; the handler sets one of them as `ctx.type`. */
  readonly mediaTypes: readonly string[];
}

/** An answer without a body (204, or a redirect). */
export interface EmptyAnswer {
  readonly kind: 'empty';
  readonly description: string;
}

/** An error answer: the body is always the common error body of SEC-ERR-01. */
export interface ErrorAnswer {
  readonly kind: 'error';
  /** When the route gives it and which `error_code`s it carries. */
  readonly description: string;
}

export type RouteAnswer = JsonAnswer | MediaAnswer | EmptyAnswer | ErrorAnswer;

/** A route's answers by HTTP status, e.g. `{ 200: answer.json(...), 404: answer.error(...) }`. */
export type RouteAnswers = Readonly<Record<number, RouteAnswer>>;

/** Builders for RouteAnswers; `answer.json` checks at compile time that the example fits the schema. */
export const answer = {
  json<S extends AnySchema>(description: string, schema: S, example: InferType<S>): JsonAnswer {
    return { kind: 'json', description, schema, example };
  },
  media(description: string, mediaType: string, ...more: string[]): MediaAnswer {
    return { kind: 'media', description, mediaTypes: [mediaType, ...more] };
  },
  empty(description: string): EmptyAnswer {
    return { kind: 'empty', description };
  },
  error(description: string): ErrorAnswer {
    return { kind: 'error', description };
  },
};
