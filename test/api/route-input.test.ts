import test from 'ava';
import Router from '@koa/router';
import * as yup from 'yup';
import { mountRoutes } from '../../api/routing/mount';
import type { RouteDeclaration } from '../../api/routing/route';
import type { AppMiddleware, AppState } from '../../api/state';
import { startApiApp, type ApiApp } from '../helpers/api-app';

let seenByRouteMiddleware: unknown;
const recordInput: AppMiddleware = async (ctx, next) => {
  seenByRouteMiddleware = ctx.state.input;
  await next();
};

const review: RouteDeclaration = {
  method: 'POST',
  path: '/test/hotels/:hotelId/reviews',
  summary: 'test only: a route with params, query and body',
  permission: 'public',
  params: yup.object({
    hotelId: yup
      .string()
      .matches(/^[a-z0-9-]{1,36}$/)
      .required(),
  }),
  query: yup.object({ lang: yup.string().oneOf(['en', 'de']) }),
  body: yup
    .object({ rating: yup.number().integer().min(1).max(5).required(), text: yup.string().max(2_000) })
    .noUnknown(),
  middleware: [recordInput],
  handler(ctx) {
    ctx.status = 201;
    ctx.body = ctx.state.input;
  },
};

let api: ApiApp;
test.before(async () => {
  api = await startApiApp({ extraRoutes: [review] });
});
test.after.always(() => api.close());

const post = (path: string, body: unknown) =>
  api.send({
    method: 'POST',
    path,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

test('SEC-VAL-01 valid params, query and body reach the route, its middleware included', async (t) => {
  const answer = await post('/test/hotels/h-1/reviews?lang=en', { rating: 5, text: 'Lovely' });
  t.is(answer.status, 201);
  const input = { params: { hotelId: 'h-1' }, query: { lang: 'en' }, body: { rating: 5, text: 'Lovely' } };
  t.deepEqual(answer.json, input);
  t.deepEqual(seenByRouteMiddleware, input);
});

test('SEC-VAL-01 unknown body fields and query parameters are refused, listed by name', async (t) => {
  const body = await post('/test/hotels/h-1/reviews', { rating: 5, role: 'PLATFORM_ADMIN' });
  t.is(body.status, 400);
  t.is(body.json.error_code, 'UNKNOWN_FIELDS');
  t.deepEqual(body.json.details.fields, ['role']);
  const query = await post('/test/hotels/h-1/reviews?debug=1', { rating: 5 });
  t.deepEqual(query.json.details.fields, ['debug']);
});

test('SEC-VAL-01 no silent coercion, and failures name the field and rule but never the value', async (t) => {
  const answer = await post('/test/hotels/h-1/reviews', { rating: '5', text: 'secret-value-x' });
  t.is(answer.status, 400);
  t.is(answer.json.error_code, 'VALIDATION_FAILED');
  t.deepEqual(answer.json.details.fields, [{ field: 'rating', rule: 'typeError' }]);
  const params = await post('/test/hotels/NOT_VALID!/reviews', { rating: 5 });
  t.is(params.status, 400);
  t.deepEqual(params.json.details.fields, [{ field: 'hotelId', rule: 'matches' }]);
  const query = await post('/test/hotels/h-1/reviews?lang=fr', { rating: 5, text: 'secret-value-y' });
  t.deepEqual(query.json.details.fields, [{ field: 'lang', rule: 'oneOf' }]);
  t.false(query.text.includes('fr'), 'the rejected value is not echoed');
});

test('SEC-VAL-01 a route with path parameters and no params schema cannot be mounted', (t) => {
  const undeclared: RouteDeclaration = { ...review, params: undefined };
  const limits = api.config.api;
  t.throws(() => mountRoutes(new Router<AppState>(), [undeclared], { limits, guards: [] }), {
    message: /no params schema/,
  });
  t.throws(() => mountRoutes(new Router<AppState>(), [review, review], { limits, guards: [] }), {
    message: /declared twice/,
  });
});
