import { AppError } from '../errors';
import { commonPasswords, passwordListForm } from './common-passwords';
import type { BreachCheck } from './password-breach-check';

export const PASSWORD_MIN_CODE_POINTS = 15;
export const PASSWORD_MAX_CODE_POINTS = 128;
/** Name or email parts shorter than this are too common as substrings to refuse on. */
const MIN_PERSONAL_PART = 3;

export type PasswordProblem =
  'too_short' | 'too_long' | 'common' | 'breached' | 'contains_email' | 'contains_name';

const MESSAGES: Record<PasswordProblem, string> = {
  too_short: `Password must be at least ${PASSWORD_MIN_CODE_POINTS} characters`,
  too_long: `Password must be at most ${PASSWORD_MAX_CODE_POINTS} characters`,
  common: 'Password is on the list of common or breached passwords',
  breached: 'Password appears in a known data breach',
  contains_email: 'Password must not contain your email address',
  contains_name: 'Password must not contain your name',
};

export interface PasswordContext {
  email?: string | null;
  fullName?: string | null;
}

/** Code points, not UTF-16 units: an emoji is one character (SEC-AUTH-02). */
export function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n += 1;
  return n;
}

function personalParts(context: PasswordContext): { email: string[]; name: string[] } {
  const local = context.email?.split('@')[0] ?? '';
  const name = context.fullName ?? '';
  const parts = (text: string) =>
    [text, ...text.split(/[\s._+-]+/u)]
      .map(passwordListForm)
      .filter((p) => codePointLength(p) >= MIN_PERSONAL_PART);
  return { email: parts(local), name: parts(name) };
}

/**
 * SEC-AUTH-02 without the network: length in code points (never truncated), the shipped list,
 * the user's email local part and name. No composition rules (NIST SP 800-63B). Returns the
 * first problem, or undefined.
 */
export function passwordProblem(
  password: string,
  context: PasswordContext = {},
): PasswordProblem | undefined {
  const length = codePointLength(password);
  if (length < PASSWORD_MIN_CODE_POINTS) return 'too_short';
  if (length > PASSWORD_MAX_CODE_POINTS) return 'too_long';
  const form = passwordListForm(password);
  if (commonPasswords().has(form)) return 'common';
  const personal = personalParts(context);
  if (personal.email.some((p) => form.includes(p))) return 'contains_email';
  if (personal.name.some((p) => form.includes(p))) return 'contains_name';
  return undefined;
}

export function weakPassword(problem: PasswordProblem): AppError {
  return new AppError(400, 'WEAK_PASSWORD', MESSAGES[problem], { field: 'password', reason: problem });
}

/** The whole policy, the optional online breach check included; throws 400 WEAK_PASSWORD with the reason. */
export async function assertPasswordAcceptable(
  password: string,
  context: PasswordContext,
  breached?: BreachCheck,
): Promise<void> {
  const problem = passwordProblem(password, context);
  if (problem) throw weakPassword(problem);
  if (breached && (await breached(password)) === true) throw weakPassword('breached');
}
