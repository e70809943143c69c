import test from 'ava';
import Router from '@koa/router';
import * as yup from 'yup';
import { answer, defineRoute, type RouteDeclaration } from '../../api/routing';
import { mountRoutes } from '../../api/routing/mount';
import type { AppMiddleware, AppState } from '../../api/state';
import { startApiApp, type ApiApp } from '../helpers/api-app';

let seenByRouteMiddleware: unknown;
const recordInput: AppMiddleware = async (ctx, next) => {
  seenByRouteMiddleware = ctx.state.input;
  await next();
};

const echo = yup.object({
  params: yup.object({ hotelId: yup.string().required() }).required(),
  query: yup.object({ lang: yup.string() }).required(),
  body: yup.object({ rating: yup.number().required(), text: yup.string() }).required(),
});

const review = defineRoute({
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
  body: yup.object({
    rating: yup.number().integer().min(1).max(5).required(),
    text: yup.string().max(2_000),
  }),
  responses: {
    201: answer.json('Echo', echo, { params: { hotelId: 'h-1' }, query: {}, body: { rating: 5 } }),
  },
  middleware: [recordInput],
  handler(ctx) {
    ctx.status = 201;
    ctx.body = ctx.state.input;
  },
});

let bookingHandlerRuns = 0;
const passenger = yup.object({ name: yup.string().required(), age: yup.number().integer().min(0) });
const booking = defineRoute({
  method: 'POST',
  path: '/test/bookings',
  summary: 'test only: nested objects, arrays, a tuple and a lazy schema',
  permission: 'public',
  body: yup.object({
    booking: yup.object({ hotel: yup.string().required(), nights: yup.number() }).required(),
    passengers: yup.array(passenger).max(9),
    rooms: yup.array(yup.object({ guests: yup.array(passenger).required() })),
    dates: yup.tuple([yup.string().required(), yup.object({ flexible: yup.boolean() })]),
    extras: yup.lazy(() => yup.object({ breakfast: yup.boolean() })),
  }),
  responses: { 200: answer.json('Echo', yup.object({ hotel: yup.string().required() }), { hotel: 'h1' }) },
  handler(ctx) {
    bookingHandlerRuns++;
    // Typed by the schema: no cast.
    const hotel: string = ctx.state.input.body.booking.hotel;
    const firstPassenger: string | undefined = ctx.state.input.body.passengers?.[0]?.name;
    ctx.body = { hotel, firstPassenger };
  },
});

let api: ApiApp;
test.before(async () => {
  api = await startApiApp({ extraRoutes: [review, booking] });
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

test('SEC-VAL-01 a query string that passed is remembered frozen; one that failed is refused every time', async (t) => {
  for (let i = 0; i < 2; i++) {
    const valid = await post('/test/hotels/h-1/reviews?lang=de', { rating: 4 });
    t.is(valid.status, 201);
    t.deepEqual(valid.json.query, { lang: 'de' });
    const query = (seenByRouteMiddleware as { query: object }).query;
    t.true(Object.isFrozen(query), 'the route gets a value it cannot change for the next request');
    const invalid = await post('/test/hotels/h-1/reviews?lang=fr', { rating: 4 });
    t.is(invalid.status, 400);
    t.deepEqual(invalid.json.details.fields, [{ field: 'lang', rule: 'oneOf' }]);
  }
});

test('SEC-VAL-01 a route with path parameters and no params schema cannot be mounted', (t) => {
  const undeclared = { ...review, params: undefined } as RouteDeclaration;
  const limits = api.config.api;
  t.throws(() => mountRoutes(new Router<AppState>(), [undeclared], { limits, guards: [] }), {
    message: /no params schema/,
  });
  const routes = [review, review] as RouteDeclaration[];
  t.throws(() => mountRoutes(new Router<AppState>(), routes, { limits, guards: [] }), {
    message: /declared twice/,
  });
});

test('SEC-VAL-01 an unknown key nested in an object is refused with its path, and the route never runs', async (t) => {
  const runs = bookingHandlerRuns;
  const answer = await post('/test/bookings', {
    booking: { hotel: 'h1', role: 'PLATFORM_ADMIN', company_id: 'c1' },
  });
  t.is(answer.status, 400);
  t.is(answer.json.error_code, 'UNKNOWN_FIELDS');
  t.deepEqual(answer.json.details.fields, ['booking.role', 'booking.company_id']);
  t.is(bookingHandlerRuns, runs);
});

test('SEC-VAL-01 unknown keys inside arrays, nested arrays, tuples and lazy schemas are refused with their paths', async (t) => {
  const answer = await post('/test/bookings', {
    booking: { hotel: 'h1' },
    passengers: [{ name: 'A' }, { name: 'B', role: 'admin' }],
    rooms: [{ guests: [{ name: 'C' }, { name: 'D' }, { name: 'E', is_admin: true }] }],
    dates: ['2027-01-01', { flexible: true, price_override: 0 }],
    extras: { breakfast: true, free: true },
    'odd key': 1,
  });
  t.is(answer.status, 400);
  t.deepEqual(answer.json.details.fields, [
    'passengers[1].role',
    'rooms[0].guests[2].is_admin',
    'dates[1].price_override',
    'extras.free',
    '["odd key"]',
  ]);
});

test('SEC-VAL-01 a nested valid body reaches the handler typed', async (t) => {
  const answer = await post('/test/bookings', {
    booking: { hotel: 'h1', nights: 2 },
    passengers: [{ name: 'Ada', age: 36 }],
    rooms: [{ guests: [{ name: 'Ada' }] }],
    dates: ['2027-01-01', { flexible: false }],
    extras: { breakfast: true },
  });
  t.is(answer.status, 200);
  t.deepEqual(answer.json, { hotel: 'h1', firstPassenger: 'Ada' });
});

test('SEC-VAL-01 a body of many unknown keys gets a bounded list', async (t) => {
  const body: Record<string, unknown> = { booking: { hotel: 'h1' } };
  for (let i = 0; i < 99; i++) body[`k${i}`] = i;
  const answer = await post('/test/bookings', body);
  t.is(answer.status, 400);
  t.is(answer.json.details.fields.length, 50);
  t.is(answer.json.details.fields[0], 'k0');
});
