import { login, type AccountsDeps, type LoginInput } from '../../../services/accounts';
import { AppError } from '../../../lib/errors';
import { ORIGIN } from './accounts-data';

export type LoginOutcome = { code: string; headers?: Record<string, string> } | 'ok';

/** One login through the account service: 'ok', or the refusal's error code and headers. */
export async function loginOutcome(deps: AccountsDeps, input: LoginInput): Promise<LoginOutcome> {
  try {
    await login(deps, input, ORIGIN);
    return 'ok';
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, headers: err.headers };
    throw err;
  }
}
