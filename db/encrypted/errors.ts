/**
 * A model used in a way that could write plaintext, send plaintext to the database, or break the
 * binding between a ciphertext and its row. Always a programming error: fix the call site.
 */
export class EncryptedAttributeMisuseError extends Error {
  override name = 'EncryptedAttributeMisuseError';
}
