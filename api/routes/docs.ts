import type { OpenApiDocument } from '../openapi/types';
import { renderDocsPage } from '../openapi/render-html';
import type { RouteDeclaration } from '../routing/route';

export function openApiRoute(document: OpenApiDocument): RouteDeclaration {
  return {
    method: 'GET',
    path: '/api/v1/openapi.json',
    summary: 'The OpenAPI 3.1 description of this API',
    permission: 'public',
    handler(ctx) {
      ctx.body = document;
    },
  };
}

/** Rendered once: the document is static for the life of the process. */
export function docsPageRoute(document: OpenApiDocument): RouteDeclaration {
  const html = renderDocsPage(document);
  return {
    method: 'GET',
    path: '/api/docs',
    summary: 'API reference as an HTML page generated from the OpenAPI document',
    permission: 'public',
    handler(ctx) {
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = html;
    },
  };
}
