import { createHmac, type KeyObject } from 'node:crypto';
import type { Keyring } from './keyring';

/**
 * Keyed blind index (SEC-DATA-03): HMAC-SHA256 under the `blind_index` class key (never an
 * encryption key) over the scope and the normalized value. Stored as `<key version>.<base64url
 * MAC>`; the scope (e.g. `customer_profiles.email`) keeps equal values in different columns
 * unlinkable.
 */
export type Normalizer = (value: string) => string;

export const normalizers = {
  /** Emails compare case-insensitively, in NFKC, without surrounding space. */
  email: (value: string) => value.normalize('NFKC').trim().toLowerCase().normalize('NFKC'),
  /** Only Unicode compatibility normalization. */
  exact: (value: string) => value.normalize('NFKC'),
} satisfies Record<string, Normalizer>;

export type NormalizerName = keyof typeof normalizers;

function mac(key: KeyObject, version: number, scope: string, normalized: string): string {
  const digest = createHmac('sha256', key)
    .update(JSON.stringify(['travelhub-blind-index-v1', scope, normalized]), 'utf8')
    .digest('base64url');
  return `${version}.${digest}`;
}

/** The index value written with a row: under the active blind-index key. */
export async function blindIndex(
  keyring: Keyring,
  scope: string,
  value: string,
  normalize: Normalizer,
): Promise<string> {
  const { version, key } = await keyring.activeKey('blind_index');
  return mac(key, version, scope, normalize(value));
}

/**
 * Every index value the value may be stored under (one per readable key version), for
 * `WHERE index IN (…)`: lookups keep working while rows are re-indexed after a rotation.
 */
export async function blindIndexCandidates(
  keyring: Keyring,
  scope: string,
  value: string,
  normalize: Normalizer,
): Promise<string[]> {
  const normalized = normalize(value);
  return (await keyring.readableKeys('blind_index')).map(({ version, key }) =>
    mac(key, version, scope, normalized),
  );
}
