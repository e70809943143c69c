import type { DataConverter } from '@temporalio/common';
import type { Keyring } from '../crypto';
import { KeyringPayloadCodec } from './payload-codec';
import { isPostgresFailure, patientCodec } from '../dependencies';

/**
 * Issue 8.4: the one data converter of every Temporal client and worker the platform runs.
 * Payloads are sealed by the keyring's codec and failures' messages and stack traces become
 * payloads first, so nothing a workflow carries reaches Temporal in clear.
 */
export function platformDataConverter(
  keyring: Keyring,
  /** Workers (issue 20.2): how long the codec waits for the key store's Postgres before failing. */
  options: { waitForKeysMs?: number } = {},
): DataConverter {
  const codec = new KeyringPayloadCodec(keyring);
  return {
    payloadCodecs: [
      options.waitForKeysMs ? patientCodec(codec, isPostgresFailure, options.waitForKeysMs) : codec,
    ],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}
