import {
  commonErrorResponses,
  errorResponse,
  headers,
  jsonResponse,
  responses,
  schemas,
  textResponse,
} from './components';
import type { OpenApiDocument } from './types';

/**
 * The API's contract, written by hand and kept equal to the router by test/api/openapi.test.ts.
 * Every answer a route can give is listed, errors included, so a fuzzer can hold the API to it.
 */
export function openApiDocument(publicUrl: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'TravelHub API',
      version: '0.1.0',
      description:
        'Hotel and flight booking. Every answer carries the security headers of SEC-WEB-03 and, when it is ' +
        'an error, the body of SEC-ERR-01. Unknown query parameters and request bodies a route does not ' +
        'declare are refused with 400.',
    },
    servers: [{ url: publicUrl }],
    tags: [
      { name: 'system', description: 'Probes and metrics for the platform that runs the API' },
      { name: 'docs', description: 'This description of the API' },
    ],
    paths: {
      '/healthz': {
        get: {
          operationId: 'getLiveness',
          summary: 'Liveness: the process is up and serving HTTP',
          description: 'Touches no dependency; answers as long as the process can serve requests.',
          tags: ['system'],
          'x-permission': 'public',
          responses: { '200': jsonResponse('The process is alive.', 'Liveness'), ...commonErrorResponses },
        },
      },
      '/readyz': {
        get: {
          operationId: 'getReadiness',
          summary: 'Readiness: Postgres, Redis, Temporal and OpenSearch all answer',
          description: 'Asks every dependency for real, each within the outbound timeout.',
          tags: ['system'],
          'x-permission': 'public',
          responses: {
            '200': jsonResponse('Every dependency answered.', 'Readiness'),
            ...commonErrorResponses,
            '503': errorResponse(
              'A dependency did not answer: error_code NOT_READY, details.failed names it and details.checks ' +
                'gives every status. Or the request timed out (REQUEST_TIMEOUT).',
            ),
          },
        },
      },
      '/metrics': {
        get: {
          operationId: 'getMetrics',
          summary: 'Prometheus metrics: process defaults and HTTP request durations',
          tags: ['system'],
          'x-permission': 'public',
          responses: {
            '200': textResponse('Metrics in the Prometheus text exposition format.', 'text/plain'),
            ...commonErrorResponses,
          },
        },
      },
      '/api/v1/openapi.json': {
        get: {
          operationId: 'getOpenApiDocument',
          summary: 'The OpenAPI 3.1 description of this API',
          tags: ['docs'],
          'x-permission': 'public',
          responses: { '200': jsonResponse('This document.', 'OpenApiDocument'), ...commonErrorResponses },
        },
      },
      '/api/docs': {
        get: {
          operationId: 'getApiDocs',
          summary: 'API reference as an HTML page generated from the OpenAPI document',
          description:
            'Server-rendered from this document, with no scripts, so it runs under the strict CSP.',
          tags: ['docs'],
          'x-permission': 'public',
          responses: { '200': textResponse('The reference page.', 'text/html'), ...commonErrorResponses },
        },
      },
    },
    components: { schemas, responses, headers },
  };
}
