import type { Redis } from 'ioredis';
import type { DependencyBreaker } from './dependency-breaker';
import { DependencyUnavailableError } from './dependency-unavailable';

type SendCommand = Redis['sendCommand'];

/**
 * Puts Redis behind its breaker: every command of a ready connection (single, pipelined, script)
 * runs through it. Commands while the client is (re)connecting go straight on: with the offline
 * queue off ioredis fails them at once, and the handshake's own commands must pass.
 */
export function guardRedis(redis: Redis, breaker: DependencyBreaker): Redis {
  const send = redis.sendCommand.bind(redis) as (...args: Parameters<SendCommand>) => Promise<unknown>;
  redis.sendCommand = function guardedSendCommand(...args: Parameters<SendCommand>) {
    if (redis.status !== 'ready') return send(...args);
    const [command] = args;
    return breaker
      .run(() => send(...args))
      .catch((error: unknown) => {
        // Refused before it was sent: settle the command too, for a pipeline that waits on it.
        if (error instanceof DependencyUnavailableError && !error.sent) {
          command.promise.catch(() => undefined); // its caller waits on the promise returned here
          command.reject(error);
        }
        throw error;
      });
  } as SendCommand;
  return redis;
}
