import type { DataConverter } from '@temporalio/common';
import type { Keyring } from '../crypto';
import { KeyringPayloadCodec } from './payload-codec';

/**
 * Issue 8.4: the one data converter of every Temporal client and worker the platform runs.
 * Payloads are sealed by the keyring's codec and failures' messages and stack traces become
 * payloads first, so nothing a workflow carries reaches Temporal in clear.
 */
export function platformDataConverter(keyring: Keyring): DataConverter {
  return {
    payloadCodecs: [new KeyringPayloadCodec(keyring)],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}
