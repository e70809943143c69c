/** What an area's routes file needs to declare its routes. */
export { answer, type RouteAnswer, type RouteAnswers } from './answers';
export { defineRoute } from './define-route';
export type { RouteContext, RouteDeclaration, RouteGuard, RouteLink } from './route';
export { openObject } from './schema-docs';
