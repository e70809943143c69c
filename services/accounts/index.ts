/** Accounts (issue 7): signup, login checks, reset, MFA, profile, companies and roles. */
export { createAccounts, type CreateAccountsOptions } from './create-accounts';
export type { AccountsDeps, EmailDispatch, Origin } from './deps';
export { signup, type SignupInput } from './signup';
export { verifyEmail, assertEmailVerified } from './verify-email';
export { login, type LoginInput } from './login';
export { issueLoginChallenge } from './login-challenge';
export { requestPasswordReset, completePasswordReset } from './password-reset';
export { changePassword } from './password-change';
export { startMfaEnrolment, confirmMfaEnrolment, disableMfa } from './mfa-enrolment';
export { assertStepUp, type StepUpPurpose } from './step-up';
export { getMe, updateMe, type Me } from './me';
export { roleRequiresMfa } from './users';
