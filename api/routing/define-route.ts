import type { RouteAnswers } from './answers';
import './schema-docs';
import type { InputSchema, RouteDeclaration } from './route';

/**
 * Declares a route with its input types inferred from its own schemas, so the handler reads
 * `ctx.state.input.params.id` typed and uncast. Answers are required here: the OpenAPI document is
 * built from them.
 */
export function defineRoute<
  P extends InputSchema = undefined,
  Q extends InputSchema = undefined,
  B extends InputSchema = undefined,
>(route: RouteDeclaration<P, Q, B> & { readonly responses: RouteAnswers }): RouteDeclaration<P, Q, B> {
  return route;
}
