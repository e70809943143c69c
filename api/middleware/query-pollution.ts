import type { AnyObjectSchema } from 'yup';
import { AppError } from '../../lib/errors';
import { FORBIDDEN_KEYS } from '../json/forbidden-keys';
import type { AppMiddleware } from '../state';

function isList(schema: AnyObjectSchema | undefined, name: string): boolean {
  const field: unknown = schema?.fields[name];
  return typeof field === 'object' && field !== null && (field as { type?: unknown }).type === 'array';
}

/**
 * SEC-VAL-03 for the query string: a parameter given twice is refused unless the route's query schema
 * declares it as a list (HTTP parameter pollution: front ends and back ends disagree on which copy
 * wins), and prototype keys are refused as in bodies.
 */
export function refuseQueryPollution(schema: AnyObjectSchema | undefined): AppMiddleware {
  return function refuseQueryPollution(ctx, next) {
    for (const [name, value] of Object.entries(ctx.query)) {
      if (FORBIDDEN_KEYS.has(name)) {
        throw new AppError(400, 'FORBIDDEN_KEY', 'The query uses a reserved parameter name');
      }
      if (Array.isArray(value) && !isList(schema, name)) {
        throw new AppError(400, 'REPEATED_QUERY_PARAMETER', 'A query parameter appears more than once', {
          parameter: name,
        });
      }
    }
    return next();
  };
}
