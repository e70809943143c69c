import type { RouteAnswers } from './answers';
import './schema-docs';
import type { RouteAccess } from '../../lib/rbac';
import type { ActorFor, InputSchema, RouteDeclaration } from './route';

/**
 * Declares a route with its input types inferred from its own schemas, so the handler reads
 * `ctx.state.input.params.id` typed and uncast, and, on a route that is not public,
 * `ctx.state.actor` without a `!`. Answers are required here: the OpenAPI document is built from them.
 */
export function defineRoute<
  P extends InputSchema = undefined,
  Q extends InputSchema = undefined,
  B extends InputSchema = undefined,
  A extends RouteAccess = RouteAccess,
>(
  route: RouteDeclaration<P, Q, B, ActorFor<A>> & {
    readonly permission: A;
    readonly responses: RouteAnswers;
  },
): RouteDeclaration<P, Q, B, ActorFor<A>> {
  return route;
}
