import test from 'ava';
import { openApiDocument } from '../../api/openapi/document';
import { escapeHtml } from '../../api/openapi/escape-html';
import { renderDocsPage } from '../../api/openapi/render-html';
import { OPERATION_METHODS, type OpenApiDocument } from '../../api/openapi/types';
import { declarationOf } from '../../api/routing/mount';
import { undeclaredRoutes } from '../../lib/rbac';
import { startApiApp, type ApiApp } from '../helpers/api-app';

let api: ApiApp;
test.before(async () => {
  api = await startApiApp();
});
test.after.always(() => api.close());

/** `/api/v1/bookings/:id` → `/api/v1/bookings/{id}` */
const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function routerOperations(app: ApiApp['app']): string[] {
  return app.router.stack.flatMap((layer) =>
    layer.methods
      .filter((m) => m !== 'HEAD')
      .map((m) => `${m.toLowerCase()} ${toOpenApiPath(String(layer.path))}`),
  );
}

function documentOperations(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    OPERATION_METHODS.filter((method) => item[method]).map((method) => `${method} ${path}`),
  );
}

test('api routes match the OpenAPI document', async (t) => {
  const answer = await api.send('/api/v1/openapi.json');
  t.is(answer.status, 200);
  const doc = answer.json as OpenApiDocument;
  t.deepEqual(doc, JSON.parse(JSON.stringify(openApiDocument(api.config.api.publicUrl))));
  const inRouter = routerOperations(api.app).sort();
  const inDocument = documentOperations(doc).sort();
  t.true(inRouter.length > 0);
  t.deepEqual(
    inRouter.filter((op) => !inDocument.includes(op)),
    [],
    'routes missing from the document',
  );
  t.deepEqual(
    inDocument.filter((op) => !inRouter.includes(op)),
    [],
    'documented operations with no route',
  );
  // Layers without methods are router-level middleware (the undeclared-route backstop), not routes.
  for (const layer of api.app.router.stack.filter((l) => l.methods.length > 0)) {
    const route = declarationOf(layer);
    t.truthy(route, `${String(layer.path)} was mounted from a declaration`);
    if (!route) continue;
    const operation = doc.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase() as 'get'];
    t.is(operation?.summary, route.summary, `${route.method} ${route.path} summary`);
    t.is(operation?.['x-permission'], route.permission, `${route.method} ${route.path} permission`);
    for (const status of ['400', '500', '503']) {
      t.truthy(operation?.responses[status], `${route.method} ${route.path} documents ${status}`);
    }
  }
});

test('SEC-AUTHZ-02 every mounted route declares a permission and enforces it', (t) => {
  t.deepEqual(undeclaredRoutes(api.app.router), []);
  for (const route of api.app.routes) t.truthy(route.permission);
});

test('every documented reference resolves', (t) => {
  const doc = openApiDocument('http://127.0.0.1');
  const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
  t.true(refs.length > 0);
  for (const ref of refs) {
    const [, , kind, name] = ref.slice(8, -1).split('/');
    const components = doc.components as unknown as Record<string, Record<string, unknown>>;
    t.truthy(components[kind ?? '']?.[name ?? ''], ref);
  }
});

test('SEC-WEB-03 the docs page escapes every text it renders', (t) => {
  const hostile = '<script>alert("x")</script>&\'';
  const base = openApiDocument('http://127.0.0.1');
  const doc: OpenApiDocument = {
    ...base,
    info: { ...base.info, title: hostile, description: hostile },
    paths: {
      [`/x/${hostile}`]: {
        get: {
          operationId: hostile,
          summary: hostile,
          description: hostile,
          'x-permission': hostile,
          responses: {},
        },
      },
    },
  };
  const html = renderDocsPage(doc);
  t.false(html.includes('<script'));
  t.true(html.includes(escapeHtml(hostile)));
  t.is(
    escapeHtml(`<a href="x" onclick='y'>&</a>`),
    '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
  );
});

test('the docs page lists every documented operation', async (t) => {
  const page = await api.send('/api/docs');
  for (const operation of documentOperations(openApiDocument(api.config.api.publicUrl))) {
    const [method = '', path = ''] = operation.split(' ');
    t.true(page.text.includes(`${method.toUpperCase()} ${escapeHtml(path)}`), operation);
  }
});
