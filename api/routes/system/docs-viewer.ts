import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answer, defineRoute, type RouteDeclaration } from '../../routing';

export const DOCS_PAGE_PATH = '/api/docs';
const ASSETS = `${DOCS_PAGE_PATH}/assets`;

/** Swagger UI's start, as a file of its own: the CSP (SEC-WEB-03) runs no inline script. */
const VIEWER_START = `"use strict";
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TravelHub API</title>
<link rel="icon" type="image/png" href="${ASSETS}/favicon-32x32.png">
<link rel="stylesheet" href="${ASSETS}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${ASSETS}/swagger-ui-bundle.js"></script>
<script src="${ASSETS}/viewer.js"></script>
</body>
</html>
`;

interface Asset {
  name: string;
  mediaType: string;
  summary: string;
  content: string | Buffer;
}

function distFile(name: string): Buffer {
  return readFileSync(join(require.resolve('swagger-ui-dist/package.json'), '..', name));
}

/** Read once at start-up: a few MB that never change while the process runs. */
function assets(): Asset[] {
  return [
    {
      name: 'swagger-ui.css',
      mediaType: 'text/css',
      summary: 'Docs viewer: Swagger UI styles',
      content: distFile('swagger-ui.css'),
    },
    {
      name: 'swagger-ui-bundle.js',
      mediaType: 'text/javascript',
      summary: 'Docs viewer: Swagger UI',
      content: distFile('swagger-ui-bundle.js'),
    },
    {
      name: 'favicon-32x32.png',
      mediaType: 'image/png',
      summary: 'Docs viewer: icon',
      content: distFile('favicon-32x32.png'),
    },
    {
      name: 'viewer.js',
      mediaType: 'text/javascript',
      summary: 'Docs viewer: starts Swagger UI on this API',
      content: VIEWER_START,
    },
  ];
}

function assetRoute(asset: Asset) {
  return defineRoute({
    method: 'GET',
    path: `${ASSETS}/${asset.name}`,
    summary: asset.summary,
    tag: 'docs',
    permission: 'public',
    responses: { 200: answer.media(`The file, from swagger-ui-dist or this API.`, asset.mediaType) },
    handler(ctx) {
      ctx.type = asset.mediaType;
      ctx.body = asset.content;
    },
  });
}

/** The docs page (Swagger UI, served from this origin) and every file it loads. */
export function docsViewerRoutes(): RouteDeclaration[] {
  const page = defineRoute({
    method: 'GET',
    path: DOCS_PAGE_PATH,
    summary: 'API reference: Swagger UI on the OpenAPI document',
    description:
      'Read and try every operation. Swagger UI from swagger-ui-dist, served from this origin with no ' +
      'inline script, so it runs under the strict CSP of SEC-WEB-03.',
    tag: 'docs',
    permission: 'public',
    responses: { 200: answer.media('The reference page.', 'text/html') },
    handler(ctx) {
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = PAGE;
    },
  });
  return [page, ...assets().map(assetRoute)];
}
