import { answer, defineRoute } from '../../routing';
import { DOCS_ASSETS } from './docs-assets';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TravelHub API</title>
<link rel="icon" type="image/png" href="${DOCS_ASSETS}/favicon-32x32.png">
<link rel="stylesheet" href="${DOCS_ASSETS}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_ASSETS}/swagger-ui-bundle.js"></script>
<script src="${DOCS_ASSETS}/viewer.js"></script>
</body>
</html>
`;

/** GET /api/docs: Swagger UI on the generated document, every file from this origin. */
export const docsPageRoute = defineRoute({
  method: 'GET',
  path: '/api/docs',
  summary: 'API reference: Swagger UI on the OpenAPI document',
  description:
    'Read and try every operation. Swagger UI from swagger-ui-dist, served from this origin with no ' +
    'inline script or style, so it runs under the strict CSP of SEC-WEB-03.',
  tag: 'docs',
  permission: 'public',
  responses: { 200: answer.media('The reference page.', 'text/html') },
  handler(ctx) {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = PAGE;
  },
});
