import { ValidationError } from 'yup';
import type { RouteDeclaration } from '../routing/route';
import { unknownKeys } from '../routing/unknown-keys';

/**
 * Every declared JSON answer whose example does not satisfy its own schema, one line each
 * (`GET /readyz 200: checks.redis oneOf`): the document shows these examples, so they must be true.
 */
export async function exampleProblems(routes: readonly RouteDeclaration[]): Promise<string[]> {
  const problems: string[] = [];
  for (const route of routes) {
    for (const [status, answer] of Object.entries(route.responses ?? {})) {
      if (answer.kind !== 'json') continue;
      const where = `${route.method} ${route.path} ${status}`;
      for (const path of unknownKeys(answer.schema, answer.example, { allowOpenObjects: true })) {
        problems.push(`${where}: ${path} unknown`);
      }
      try {
        await answer.schema.validate(answer.example, { strict: true, abortEarly: false });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        for (const failure of err.inner.length > 0 ? err.inner : [err]) {
          problems.push(`${where}: ${failure.path || '(answer)'} ${failure.type ?? 'invalid'}`);
        }
      }
    }
  }
  return problems;
}
