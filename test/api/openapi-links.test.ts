import test from 'ava';
import * as yup from 'yup';
import { openApiDocument } from '../../api/openapi/document';
import type { OpenApiDocument, Operation, Response } from '../../api/openapi/types';
import { answer, defineRoute, type RouteDeclaration } from '../../api/routing';
import { createBookingBody } from '../../services/bookings';
import { startApiApp, type ApiApp } from '../helpers/api-app';

/*
 * What the fuzzer (scripts/fuzz-api.sh) needs from the document to reach the routes' logic: links
 * from a creation to the routes that take the created id, the headers a route checks, and the
 * formats its validation enforces.
 */
let api: ApiApp;
test.before(async () => {
  api = await startApiApp();
});
test.after.always(() => api.close());

const created = yup.object({ id: yup.string().required() });
const read = (path: string): RouteDeclaration =>
  defineRoute({
    method: 'GET',
    path,
    summary: 'test only',
    permission: 'authenticated',
    params: yup.object({ id: yup.string().required() }),
    responses: { 200: answer.json('It.', created, { id: 't1' }) },
    handler() {},
  });
const create = (links: RouteDeclaration['links']): RouteDeclaration =>
  defineRoute({
    method: 'POST',
    path: '/api/v1/test/things',
    summary: 'test only',
    permission: 'authenticated',
    links,
    responses: { 201: answer.json('Made.', created, { id: 't1' }) },
    handler() {},
  });

test('a declared link names the target operation and its parameter expression', (t) => {
  const routes = [
    create({
      201: {
        GetThing: {
          method: 'GET',
          path: '/api/v1/test/things/:id',
          parameters: { id: '$response.body#/id' },
        },
      },
    }),
    read('/api/v1/test/things/:id'),
  ];
  const response = openApiDocument(routes, 'http://127.0.0.1').paths['/api/v1/test/things']?.post?.responses[
    '201'
  ] as Response;
  t.deepEqual(response.links, {
    GetThing: { operationId: 'getApiV1TestThingsById', parameters: { id: '$response.body#/id' } },
  });
});

test('a link to an undeclared route, with the wrong parameters or from an undeclared answer stops the document', (t) => {
  const target = read('/api/v1/test/things/:id');
  const link = (path: string, parameters: Record<string, string>) => ({
    Get: { method: 'GET' as const, path, parameters },
  });
  const cases: RouteDeclaration['links'][] = [
    { 201: link('/api/v1/test/nothing/:id', { id: '$response.body#/id' }) },
    { 201: link('/api/v1/test/things/:id', { thingId: '$response.body#/id' }) },
    { 201: link('/api/v1/test/things/:id', {}) },
    { 200: link('/api/v1/test/things/:id', { id: '$response.body#/id' }) },
  ];
  for (const links of cases) {
    t.throws(
      () => openApiDocument([create(links), target], 'http://127.0.0.1'),
      undefined,
      JSON.stringify(links),
    );
  }
});

test('declared request headers become header parameters', (t) => {
  const route = defineRoute({
    method: 'POST',
    path: '/api/v1/test/orders',
    summary: 'test only',
    permission: 'authenticated',
    headers: yup.object({ 'Idempotency-Key': yup.string().uuid().required() }),
    responses: { 202: answer.json('Taken.', created, { id: 't1' }) },
    handler() {},
  });
  const operation = openApiDocument([route], 'http://127.0.0.1').paths['/api/v1/test/orders']?.post;
  t.like(operation?.parameters?.[0], { name: 'Idempotency-Key', in: 'header', required: true });
  t.like(operation?.parameters?.[0]?.schema, { format: 'uuid' });
});

test('the booking body states its dates as format date, and the rules between fields in prose', async (t) => {
  const doc = (await api.send('/api/v1/openapi.json')).json as OpenApiDocument;
  const operation = doc.paths['/api/v1/bookings']?.post as Operation;
  const schema = operation.requestBody?.content['application/json']?.schema as {
    properties: Record<string, { properties: Record<string, unknown> }>;
    description?: string;
  };
  const fields = (name: string) => schema.properties[name]!.properties;
  for (const date of ['checkIn', 'checkOut']) t.like(fields('hotel')[date], { format: 'date' }, date);
  for (const date of ['departureDate', 'returnDate'])
    t.like(fields('flight')[date], { format: 'date' }, date);
  t.regex(String(schema.description), /1 to 30 nights/);
  t.true(
    operation.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'),
    'the key the idempotency middleware requires is documented',
  );
  // The service's schema is unchanged: the description is the document's only.
  t.is(createBookingBody.describe().meta, undefined);
});

test('the created booking links to every operation on one booking (read, cancel, quote, change, refund, review); a quote links to its confirmation', async (t) => {
  const doc = (await api.send('/api/v1/openapi.json')).json as OpenApiDocument;
  const links = (doc.paths['/api/v1/bookings']?.post?.responses['202'] as Response).links;
  t.deepEqual(links, {
    GetBooking: { operationId: 'getApiV1BookingsById', parameters: { id: '$response.body#/id' } },
    CancelBooking: { operationId: 'postApiV1BookingsByIdCancel', parameters: { id: '$response.body#/id' } },
    QuoteCancellation: {
      operationId: 'postApiV1BookingsByIdCancellationQuotes',
      parameters: { id: '$response.body#/id' },
    },
    OfferChange: {
      operationId: 'postApiV1BookingsByIdChangeOffers',
      parameters: { id: '$response.body#/id' },
    },
    RequestRefund: { operationId: 'postApiV1BookingsByIdRefunds', parameters: { id: '$response.body#/id' } },
    ReviewBooking: { operationId: 'postApiV1BookingsByIdReview', parameters: { id: '$response.body#/id' } },
  });
  const quoteLinks = (
    doc.paths['/api/v1/bookings/{id}/cancellation-quotes']?.post?.responses['201'] as Response
  ).links;
  t.deepEqual(quoteLinks, {
    ConfirmQuote: {
      operationId: 'postApiV1BookingsByIdCancellationQuotesByQuoteIdConfirm',
      parameters: { id: '$response.body#/bookingId', quoteId: '$response.body#/id' },
    },
  });
});

test('a refund request links to its approval and denial; a submitted review to its moderation, report and helpful vote', async (t) => {
  const doc = (await api.send('/api/v1/openapi.json')).json as OpenApiDocument;
  const linksOf = (path: string, status: string) =>
    (doc.paths[path]?.post?.responses[status] as Response).links;
  const byId = (operationId: string) => ({ operationId, parameters: { id: '$response.body#/id' } });
  t.deepEqual(linksOf('/api/v1/bookings/{id}/refunds', '202'), {
    ApproveRefund: byId('postApiV1RefundsByIdApprove'),
    DenyRefund: byId('postApiV1RefundsByIdDeny'),
  });
  t.deepEqual(linksOf('/api/v1/bookings/{id}/review', '201'), {
    PublishReview: byId('postApiV1ReviewsByIdPublish'),
    RejectReview: byId('postApiV1ReviewsByIdReject'),
    ReportReview: byId('postApiV1ReviewsByIdReports'),
    MarkHelpful: byId('putApiV1ReviewsByIdHelpful'),
  });
});
