import { errorBodySchema } from './error-body-schema';
import { toJsonSchema } from './json-schema';
import type { Header, MediaType, Reference, Response } from './types';

const ref = (kind: 'schemas' | 'responses' | 'headers', name: string): Reference => ({
  $ref: `#/components/${kind}/${name}`,
});

export const headers: Record<string, Header> = {
  RequestId: {
    description: 'Identifies this request in the server logs; quote it when reporting a problem.',
    required: true,
    schema: { type: 'string', format: 'uuid' },
  },
  RetryAfter: {
    description: 'Seconds until the limit lets this client in again.',
    schema: { type: 'string', pattern: '^[0-9]+$' },
  },
};

export const requestIdHeader = { 'X-Request-Id': ref('headers', 'RequestId') };

export const schemas = { ErrorBody: toJsonSchema(errorBodySchema, 'closed-unless-open') };

export const errorContent: Record<string, MediaType> = {
  'application/json': { schema: ref('schemas', 'ErrorBody') },
};

export function errorResponse(description: string): Response {
  return { description, headers: requestIdHeader, content: errorContent };
}

/** The error answers the platform itself gives, shared by reference. */
export const responses: Record<string, Response> = {
  BadRequest: errorResponse(
    'The request was refused before the route ran: an unknown, repeated or invalid parameter or ' +
      'field (UNKNOWN_FIELDS lists their paths; VALIDATION_FAILED names field and rule), a request ' +
      'body where none is taken, or card data (PAN_NOT_ACCEPTED). error_code names the reason.',
  ),
  Unauthorized: errorResponse('No valid session or token (AUTHENTICATION_REQUIRED).'),
  Forbidden: errorResponse('The caller lacks the permission this operation declares (ACCESS_DENIED).'),
  PayloadTooLarge: errorResponse('The request body exceeds the size limit (PAYLOAD_TOO_LARGE).'),
  UnsupportedMediaType: errorResponse('The request body is not UTF-8 application/json.'),
  TooManyRequests: {
    description: 'A rate limit was reached (RATE_LIMITED); Retry-After says when to try again.',
    headers: { ...requestIdHeader, 'Retry-After': ref('headers', 'RetryAfter') },
    content: errorContent,
  },
  InternalError: errorResponse('An unexpected error; the message is generic (INTERNAL_ERROR).'),
  ServiceUnavailable: errorResponse(
    'The request timed out (REQUEST_TIMEOUT) or a dependency is unavailable.',
  ),
};

export interface AnswerContext {
  isPublic: boolean;
  takesBody: boolean;
}

/** The platform errors an operation can give, by what the route declares. */
export function platformErrorResponses({ isPublic, takesBody }: AnswerContext): Record<string, Reference> {
  return {
    '400': ref('responses', 'BadRequest'),
    ...(isPublic ? {} : { '401': ref('responses', 'Unauthorized'), '403': ref('responses', 'Forbidden') }),
    ...(takesBody
      ? { '413': ref('responses', 'PayloadTooLarge'), '415': ref('responses', 'UnsupportedMediaType') }
      : {}),
    '429': ref('responses', 'TooManyRequests'),
    '500': ref('responses', 'InternalError'),
    '503': ref('responses', 'ServiceUnavailable'),
  };
}
