import type { Payload, PayloadCodec } from '@temporalio/common';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A worker's payload codec that waits out a dependency it needs (the keyring's Postgres) instead of
 * failing: the SDK treats a codec error on a workflow activation as fatal and stops the whole
 * worker, so a database restart would take every pool down with it (issue 20.2, found by the
 * fault test). Retries with backoff for up to `maxWaitMs`, then throws as before; errors that are
 * not `isFailure` (a wrong key, a tampered payload) are thrown at once.
 */
export function patientCodec(
  codec: PayloadCodec,
  isFailure: (error: unknown) => boolean,
  maxWaitMs: number,
): PayloadCodec {
  async function patiently(work: () => Promise<Payload[]>): Promise<Payload[]> {
    const giveUpAt = Date.now() + maxWaitMs;
    for (let delay = 250; ; delay = Math.min(delay * 2, 2_000)) {
      try {
        return await work();
      } catch (error) {
        if (!isFailure(error) || Date.now() + delay > giveUpAt) throw error;
        await sleep(delay);
      }
    }
  }
  return {
    encode: (payloads) => patiently(() => codec.encode(payloads)),
    decode: (payloads) => patiently(() => codec.decode(payloads)),
  };
}
