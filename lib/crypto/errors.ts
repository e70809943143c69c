/**
 * Crypto failures. None of them is an AppError: each is an internal fault that the API turns
 * into a generic 500, and none carries key material or plaintext in its message.
 */
export class CryptoError extends Error {
  override name = 'CryptoError';
}

/** Authentication failed: wrong key, tampered bytes, or a ciphertext moved to another row/column. */
export class DecryptionFailedError extends CryptoError {
  override name = 'DecryptionFailedError';
  constructor(message = 'decryption failed: ciphertext, key or associated data do not match') {
    super(message);
  }
}

/** The value is not a ciphertext in a format this code understands. */
export class CiphertextFormatError extends CryptoError {
  override name = 'CiphertextFormatError';
}

/** The user's data key was destroyed (SEC-DATA-04): their data is permanently unreadable. */
export class KeyShreddedError extends CryptoError {
  override name = 'KeyShreddedError';
  constructor(readonly userId: string) {
    super(`the data key of user ${userId} was shredded; their encrypted data is permanently unreadable`);
  }
}

/** No key with this identity exists (never created, or a ciphertext naming a made-up version). */
export class UnknownKeyError extends CryptoError {
  override name = 'UnknownKeyError';
}

/** The key version was retired: no row may still use it, so a ciphertext naming it is refused. */
export class KeyRetiredError extends CryptoError {
  override name = 'KeyRetiredError';
}

/** `retire` refused: rows still use the key version, it is the active one, or rotation is too recent. */
export class KeyInUseError extends CryptoError {
  override name = 'KeyInUseError';
  constructor(
    message: string,
    readonly rowsUsingKey = 0,
  ) {
    super(message);
  }
}

/** The key-encryption key or the key provider is missing or misconfigured. */
export class KeyConfigurationError extends CryptoError {
  override name = 'KeyConfigurationError';
}
