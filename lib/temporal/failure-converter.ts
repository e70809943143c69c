import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Loaded by path (DataConverter.failureConverterPath) in the workflow sandbox and in clients:
 * error messages and stack traces travel as an encoded payload, so the payload codec seals them
 * like every other payload (a Stripe or supplier error can quote an id or a name).
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
