/** CSRF defence (SEC-WEB-01): signed double-submit tokens and the request-origin check. */
export { csrfTokens, sameToken, type CsrfBinding, type CsrfTokens } from './csrf-token';
export { checkRequestOrigin, type OriginHeaders, type OriginRefusal } from './request-origin';
