import * as yup from 'yup';
import type { OpenApiDocument } from '../../openapi/types';
import { answer, defineRoute, openObject } from '../../routing';

const documentSchema = openObject(
  yup.object({
    openapi: yup
      .string()
      .matches(/^3\.1\./)
      .required(),
    info: openObject(
      yup.object({ title: yup.string().required(), version: yup.string().required() }),
    ).required(),
    paths: openObject(yup.object()).required(),
  }),
);

/** GET /api/v1/openapi.json: the document generated from every route declaration. */
export function openApiRoute(document: () => OpenApiDocument) {
  return defineRoute({
    method: 'GET',
    path: '/api/v1/openapi.json',
    summary: 'The OpenAPI 3.1 description of this API',
    tag: 'docs',
    permission: 'public',
    responses: {
      200: answer.json('This document.', documentSchema, {
        openapi: '3.1.0',
        info: { title: 'TravelHub API', version: '0.1.0' },
        paths: {},
      }),
    },
    handler(ctx) {
      ctx.body = document();
    },
  });
}
