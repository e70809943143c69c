/** Hands its input back: the payload codec test's workflow (its input and result are payloads). */
export async function echoWorkflow(value: { passportNumber: string; name: string }) {
  return value;
}
