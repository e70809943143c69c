import * as yup from 'yup';

/** Shared field rules of the account routes (SEC-VAL-02 email; SEC-AUTH-02 checks passwords in code points). */
export const email = yup.string().strict().trim().email().max(255).required().example('ada@example.com');
/** Up to 512 UTF-16 units: the policy then counts code points (15–128). Never trimmed, never truncated. */
export const password = yup
  .string()
  .strict()
  .min(1)
  .max(512)
  .required()
  .example('correct horse battery staple');
export const fullName = yup.string().strict().trim().min(1).max(200).required().example('Ada Lovelace');
export const oneTimeToken = yup
  .string()
  .strict()
  .matches(/^[A-Za-z0-9_-]{43}$/, 'token must be a 43-character token')
  .required();
export const mfaCode = yup
  .string()
  .strict()
  .matches(/^[0-9]{6}$/, 'mfaCode must be 6 digits')
  .description('A current code of the authenticator app');
export const recoveryCode = yup.string().strict().max(32).description('An unused recovery code');

/** Step-up proof fields for sensitive actions (SEC-AUTH-06). */
export const stepUp = { mfaCode, recoveryCode };

export const accepted = yup.object({
  status: yup.string().oneOf(['accepted']).required(),
  message: yup.string().required(),
});
export const done = yup.object({ status: yup.string().oneOf(['ok']).required() });
