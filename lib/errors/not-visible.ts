import { AppError } from './app-error';

/**
 * SEC-AUTHZ-03: an object that exists but is another tenant's. The answer is the same 404 as a
 * missing one (nothing in it tells the two apart); only the audit (SEC-LOG-03) records that the
 * actor asked for something they may not see.
 */
export class NotVisibleError extends AppError {
  constructor(what: string) {
    super(404, 'NOT_FOUND', `${what} not found`);
  }
}
