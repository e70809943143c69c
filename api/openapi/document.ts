import type { RouteDeclaration } from '../routing/route';
import { headers, responses, schemas } from './components';
import { openApiPath, operationOf } from './operation';
import type { OpenApiDocument, OperationMethod, PathItem } from './types';

/** Every link names a declared route and exactly the path parameters it takes. */
function checkLinks(routes: readonly RouteDeclaration[]): void {
  const declared = new Map(routes.map((route) => [`${route.method} ${route.path}`, route]));
  for (const route of routes) {
    for (const link of Object.values(route.links ?? {}).flatMap((byName) => Object.values(byName))) {
      const target = declared.get(`${link.method} ${link.path}`);
      const wanted = [...link.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]).sort();
      if (!target || JSON.stringify(Object.keys(link.parameters).sort()) !== JSON.stringify(wanted)) {
        throw new Error(`route ${route.method} ${route.path} links to ${link.method} ${link.path} wrongly`);
      }
    }
  }
}

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
  checkLinks(routes);
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
