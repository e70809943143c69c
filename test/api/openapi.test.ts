import test from 'ava';
import * as yup from 'yup';
import { openApiDocument } from '../../api/openapi/document';
import { openApiPath } from '../../api/openapi/operation';
import { OPERATION_METHODS, type OpenApiDocument } from '../../api/openapi/types';
import { answer, defineRoute, type RouteDeclaration } from '../../api/routing';
import { declarationOf } from '../../api/routing/mount';
import { undeclaredRoutes } from '../../lib/rbac';
import { startApiApp, type ApiApp } from '../helpers/api-app';

let api: ApiApp;
test.before(async () => {
  api = await startApiApp();
});
test.after.always(() => api.close());

function routerOperations(app: ApiApp['app']): string[] {
  return app.router.stack.flatMap((layer) =>
    layer.methods
      .filter((m) => m !== 'HEAD')
      .map((m) => `${m.toLowerCase()} ${openApiPath(String(layer.path))}`),
  );
}

function documentOperations(doc: OpenApiDocument): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    OPERATION_METHODS.filter((method) => item[method]).map((method) => `${method} ${path}`),
  );
}

test('api routes match the OpenAPI document generated from them', async (t) => {
  const answer = await api.send('/api/v1/openapi.json');
  t.is(answer.status, 200);
  const doc = answer.json as OpenApiDocument;
  t.is(doc.openapi, '3.1.0');
  t.deepEqual(doc, JSON.parse(JSON.stringify(openApiDocument(api.app.routes, api.config.api.publicUrl))));
  const inRouter = routerOperations(api.app).sort();
  const inDocument = documentOperations(doc).sort();
  t.true(inRouter.length > 0);
  t.deepEqual(inRouter, inDocument, 'router and document list the same operations');
  // Layers without methods are router-level middleware (the undeclared-route backstop), not routes.
  for (const layer of api.app.router.stack.filter((l) => l.methods.length > 0)) {
    const route = declarationOf(layer);
    t.truthy(route, `${String(layer.path)} was mounted from a declaration`);
    if (!route) continue;
    const operation = doc.paths[openApiPath(route.path)]?.[route.method.toLowerCase() as 'get'];
    t.is(operation?.summary, route.summary, `${route.method} ${route.path} summary`);
    t.is(operation?.['x-permission'], route.permission, `${route.method} ${route.path} permission`);
    for (const status of ['400', '429', '500', '503']) {
      t.truthy(operation?.responses[status], `${route.method} ${route.path} documents ${status}`);
    }
    for (const status of Object.keys(route.responses ?? {})) {
      t.truthy(operation?.responses[status], `${route.method} ${route.path} documents its ${status}`);
    }
  }
});

test('SEC-AUTHZ-02 every mounted route declares a permission and enforces it', (t) => {
  t.deepEqual(undeclaredRoutes(api.app.router), []);
  for (const route of api.app.routes) t.truthy(route.permission);
});

test('every documented reference resolves', (t) => {
  const doc = openApiDocument(api.app.routes, 'http://127.0.0.1');
  const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
  t.true(refs.length > 0);
  for (const ref of refs) {
    const [, , kind, name] = ref.slice(8, -1).split('/');
    const components = doc.components as unknown as Record<string, Record<string, unknown>>;
    t.truthy(components[kind ?? '']?.[name ?? ''], ref);
  }
});

test('input schemas become parameters and a closed request body', (t) => {
  const route = defineRoute({
    method: 'POST',
    path: '/api/v1/test/hotels/:hotelId/bookings',
    summary: 'test only',
    permission: 'book',
    params: yup.object({ hotelId: yup.string().required() }),
    query: yup.object({ lang: yup.string().oneOf(['en', 'de']), tags: yup.array(yup.string().required()) }),
    body: yup.object({
      booking: yup.object({ hotel: yup.string().required() }).required(),
      passengers: yup.array(yup.object({ name: yup.string().required() })),
    }),
    responses: { 201: answer.json('Booked.', yup.object({ id: yup.string().required() }), { id: 'b1' }) },
    handler() {},
  });
  const operation = openApiDocument([route], 'http://127.0.0.1').paths[
    '/api/v1/test/hotels/{hotelId}/bookings'
  ]?.post;
  t.deepEqual(
    operation?.parameters?.map((p) => [p.name, p.in, p.required]),
    [
      ['hotelId', 'path', true],
      ['lang', 'query', false],
      ['tags', 'query', false],
    ],
  );
  const body = JSON.stringify(operation?.requestBody?.content['application/json']?.schema);
  const closed = body.match(/"additionalProperties":false/g) ?? [];
  t.is(closed.length, 3, 'the body, booking and each passenger are closed objects');
  t.false(body.includes('"additionalProperties":true'));
  t.deepEqual(Object.keys(operation?.responses ?? {}).sort(), [
    '201',
    '400',
    '401',
    '403',
    '413',
    '415',
    '429',
    '500',
    '503',
  ]);
});

test('a route without a success answer cannot be documented', (t) => {
  const silent = { ...api.app.routes[0], responses: { 404: answer.error('x') } } as RouteDeclaration;
  t.throws(() => openApiDocument([silent], 'http://127.0.0.1'), { message: /declares no success answer/ });
});
