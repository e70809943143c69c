import type { Redis } from 'ioredis';
import { liveSecret } from './live-secret';

/**
 * SEC-CFG-02: the client reads the password file at every connect and reconnect. ioredis takes
 * `options.password` afresh each time it connects (the AUTH it sends first), so a getter there is
 * enough: a rotated password (Redis ACL users hold old and new at once) needs no restart.
 */
export function rereadPasswordOnConnect(client: Redis, file: string, atStart: string | undefined): void {
  Object.defineProperty(client.options, 'password', {
    get: liveSecret(file, atStart),
    enumerable: true,
    configurable: true,
  });
}
