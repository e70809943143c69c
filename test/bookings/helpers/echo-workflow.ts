import { ApplicationFailure } from '@temporalio/workflow';

/** Hands its input back: the payload codec test's workflow (its input and result are payloads). */
export async function echoWorkflow(value: { passportNumber: string; name: string }) {
  return value;
}

/** Fails naming its input, as a supplier's or Stripe's error message can quote what it was sent. */
export async function failingEchoWorkflow(value: { passportNumber: string; name: string }) {
  throw ApplicationFailure.nonRetryable(
    `refused passenger ${value.name} (${value.passportNumber})`,
    'Refused',
  );
}
