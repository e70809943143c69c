import type { AnyObjectSchema } from 'yup';
import type { RouteAnswer } from '../routing/answers';
import type { RouteDeclaration, RouteLink } from '../routing/route';
import { errorResponse, platformErrorResponses, requestIdHeader } from './components';
import { toJsonSchema } from './json-schema';
import type { JsonSchema, Link, Operation, Parameter, Response } from './types';

/** `/api/v1/bookings/:id` → `/api/v1/bookings/{id}` */
export function openApiPath(routerPath: string): string {
  return routerPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** `GET /api/v1/bookings/:id` → `getApiV1BookingsById`: stable, unique per method and path. */
export function operationIdOf(route: Pick<RouteDeclaration, 'method' | 'path'>): string {
  const words = route.path
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? `by-${segment.slice(1)}` : segment))
    .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  const capitalised = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return [route.method.toLowerCase(), ...capitalised].join('');
}

function parametersOf(schema: AnyObjectSchema | undefined, where: 'path' | 'query' | 'header'): Parameter[] {
  if (!schema) return [];
  const json = toJsonSchema(schema, 'closed');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property as JsonSchema & { description?: string };
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const isText = (mediaType: string) => mediaType.startsWith('text/') || mediaType.endsWith('javascript');

function responseOf(answer: RouteAnswer): Response {
  switch (answer.kind) {
    case 'error':
      return errorResponse(answer.description);
    case 'empty':
      return { description: answer.description, headers: requestIdHeader };
    case 'media':
      return {
        description: answer.description,
        headers: requestIdHeader,
        content: Object.fromEntries(
          answer.mediaTypes.map((type) => [type, { schema: isText(type) ? { type: 'string' } : {} }]),
        ),
      };
    case 'json':
      return {
        description: answer.description,
        headers: requestIdHeader,
        content: {
          'application/json': {
            schema: toJsonSchema(answer.schema, 'closed-unless-open'),
            example: answer.example,
          },
        },
      };
  }
}

function linksOf(links: Readonly<Record<string, RouteLink>>): Record<string, Link> {
  return Object.fromEntries(
    Object.entries(links).map(([name, link]) => [
      name,
      {
        operationId: operationIdOf(link),
        parameters: link.parameters,
        ...(link.description ? { description: link.description } : {}),
      },
    ]),
  );
}

/**
 * One route as an OpenAPI operation: its parameters and body from its input schemas, its declared
 * answers, and the platform errors every such route can give (a declared status wins).
 */
export function operationOf(route: RouteDeclaration): Operation {
  const answers = Object.entries(route.responses ?? {});
  if (!answers.some(([status]) => Number(status) >= 200 && Number(status) < 400)) {
    throw new Error(`route ${route.method} ${route.path} declares no success answer`);
  }
  const parameters = [
    ...parametersOf(route.params, 'path'),
    ...parametersOf(route.query, 'query'),
    ...parametersOf(route.headers, 'header'),
  ];
  const declared = Object.fromEntries(answers.map(([status, answer]) => [status, responseOf(answer)]));
  for (const [status, links] of Object.entries(route.links ?? {})) {
    const response = declared[status];
    if (!response)
      throw new Error(`route ${route.method} ${route.path} links from undeclared answer ${status}`);
    declared[status] = { ...response, links: linksOf(links) };
  }
  return {
    operationId: operationIdOf(route),
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.tag ? { tags: [route.tag] } : {}),
    'x-permission': route.permission,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toJsonSchema(route.body, 'closed') } },
          },
        }
      : {}),
    ...(route.rawBody
      ? {
          requestBody: {
            required: true,
            content: { [route.rawBody.mediaType]: { schema: { type: 'object' } } },
          },
        }
      : {}),
    responses: {
      ...platformErrorResponses({
        isPublic: route.permission === 'public',
        takesBody: !!route.body || !!route.rawBody,
      }),
      ...declared,
    },
  };
}
