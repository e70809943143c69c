import * as yup from 'yup';
import { openObject } from '../routing';

/** SEC-ERR-01's body as a schema: one component of the document, and what error examples must fit. */
export const errorBodySchema = yup
  .object({
    error_code: yup
      .string()
      .matches(/^[A-Z][A-Z0-9_]*$/)
      .required()
      .example('VALIDATION_FAILED'),
    message: yup.string().required().description('Safe to show; generic for every 5xx.'),
    error_id: yup.string().uuid().required().description('Finds the server log line of this error.'),
    timestamp: yup.string().datetime().required(),
    details: openObject(yup.object())
      .optional()
      .default(undefined)
      .description('Machine-readable reasons (field names, limits); never the submitted values.'),
  })
  .description(
    'Every error answer (SEC-ERR-01). 5xx messages are generic; error_id finds the server log line.',
  );
