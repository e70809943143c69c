import * as yup from 'yup';

/** Path params of a route addressing one record by its UUID. */
export const uuidIdParams = yup.object({ id: yup.string().strict().uuid().required() });

/** The Idempotency-Key header every mutation demands (SEC-IDEM-01); `use` says what one key covers. */
export const idempotencyKeyHeader = (use: string) =>
  yup.object({
    'Idempotency-Key': yup
      .string()
      .uuid()
      .required()
      .description(`${use}; a retry with the same key replays the first answer`),
  });
