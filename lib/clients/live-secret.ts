import { readSecretFile } from '../config/secrets';

/**
 * SEC-CFG-02: a password or API key read from its secret file each time it is used (a new
 * connection, a reconnect, a request), so it rotates without a restart: the operator writes the new
 * file (write beside it, then `mv`), then changes it in the store; new connections use the new value
 * while open ones keep theirs. While the file is missing or empty, the value read at start.
 */
export function liveSecret(file: string, atStart: string | undefined): () => string | undefined {
  return () => readSecretFile(file, file) ?? atStart;
}
