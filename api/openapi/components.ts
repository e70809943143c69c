import type { Header, JsonSchema, Reference, Response } from './types';

const ref = (kind: 'schemas' | 'responses' | 'headers', name: string): Reference => ({
  $ref: `#/components/${kind}/${name}`,
});

export const headers: Record<string, Header> = {
  RequestId: {
    description: 'Identifies this request in the server logs; quote it when reporting a problem.',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  },
};

const requestIdHeader = { 'X-Request-Id': ref('headers', 'RequestId') };

export const schemas: Record<string, JsonSchema> = {
  ErrorBody: {
    type: 'object',
    description:
      'Every error answer (SEC-ERR-01). 5xx messages are generic; error_id finds the server log line.',
    required: ['error_code', 'message', 'error_id', 'timestamp'],
    additionalProperties: false,
    properties: {
      error_code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', examples: ['VALIDATION_FAILED'] },
      message: { type: 'string' },
      error_id: { type: 'string', format: 'uuid' },
      timestamp: { type: 'string', format: 'date-time' },
      details: {
        type: 'object',
        description: 'Machine-readable reasons (field names, limits); never the submitted values.',
      },
    },
  },
  Liveness: {
    type: 'object',
    required: ['status'],
    additionalProperties: false,
    properties: { status: { const: 'ok' } },
  },
  DependencyStatuses: {
    type: 'object',
    required: ['postgres', 'redis', 'temporal', 'opensearch'],
    additionalProperties: false,
    properties: {
      postgres: { enum: ['up', 'down'] },
      redis: { enum: ['up', 'down'] },
      temporal: { enum: ['up', 'down'] },
      opensearch: { enum: ['up', 'down'] },
    },
  },
  Readiness: {
    type: 'object',
    required: ['status', 'checks'],
    additionalProperties: false,
    properties: { status: { const: 'ready' }, checks: ref('schemas', 'DependencyStatuses') },
  },
  OpenApiDocument: {
    type: 'object',
    required: ['openapi', 'info', 'paths'],
    properties: { openapi: { type: 'string', pattern: '^3\\.1\\.' } },
  },
};

const errorContent = { 'application/json': { schema: ref('schemas', 'ErrorBody') } };

const errorResponse = (description: string): Response => ({
  description,
  headers: requestIdHeader,
  content: errorContent,
});

export const responses: Record<string, Response> = {
  BadRequest: errorResponse(
    'The request was refused before the route ran: an unknown, repeated or invalid query parameter, a ' +
      'request body where none is taken, or card data (PAN_NOT_ACCEPTED). error_code names the reason.',
  ),
  PayloadTooLarge: errorResponse('The request body exceeds the size limit.'),
  UnsupportedMediaType: errorResponse('The request body is not UTF-8 application/json.'),
  InternalError: errorResponse('An unexpected error; the message is generic (INTERNAL_ERROR).'),
  ServiceUnavailable: errorResponse(
    'The request timed out (REQUEST_TIMEOUT) or a dependency is unavailable.',
  ),
};

/** The error answers any route can give, to spread into an operation's responses. */
export const commonErrorResponses = {
  '400': ref('responses', 'BadRequest'),
  '500': ref('responses', 'InternalError'),
  '503': ref('responses', 'ServiceUnavailable'),
} as const;

export function jsonResponse(description: string, schemaName: string): Response {
  return {
    description,
    headers: requestIdHeader,
    content: { 'application/json': { schema: ref('schemas', schemaName) } },
  };
}

export function textResponse(description: string, mediaType: string): Response {
  return { description, headers: requestIdHeader, content: { [mediaType]: { schema: { type: 'string' } } } };
}

export { errorResponse };
