import type { RouteDeclaration } from '../routing/route';
import { headers, responses, schemas } from './components';
import { openApiPath, operationOf } from './operation';
import type { OpenApiDocument, OperationMethod, PathItem } from './types';

/**
 * The API's contract, generated from the route declarations, so it cannot drift from the code:
 * parameters and bodies from their yup schemas, answers from the declared ones plus the platform
 * errors, the SEC-ERR-01 error body once as a component.
 */
export function openApiDocument(routes: readonly RouteDeclaration[], publicUrl: string): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase() as OperationMethod]: operationOf(route) };
  }
  const tags = [...new Set(routes.flatMap((route) => (route.tag ? [route.tag] : [])))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'TravelHub API',
      version: '0.1.0',
      description:
        'Hotel and flight booking. Every answer carries the security headers of SEC-WEB-03 and, when it is ' +
        'an error, the body of SEC-ERR-01. Unknown query parameters, unknown body fields at any depth and ' +
        'request bodies a route does not declare are refused with 400.',
    },
    servers: [{ url: publicUrl }],
    tags: tags.map((name) => ({ name })),
    paths: paths as Record<string, PathItem>,
    components: { schemas, responses, headers },
  };
}
