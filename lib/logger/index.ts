import bunyan from 'bunyan';
import type { Config } from '../config';
import { config } from '../config';

export type Logger = bunyan;

/**
 * The only way to make a logger: every logger gets the masking serializers (SEC-LOG-02).
 * `stream` lets tests capture records.
 */
export function createLogger(
  cfg: Pick<Config, 'serviceName' | 'log'>,
  stream: NodeJS.WritableStream = process.stdout,
): Logger {
  return bunyan.createLogger({ name: cfg.serviceName, level: cfg.log.level, stream });
}

let root: Logger | undefined;

/** The process-wide logger, built from the process configuration on first use. */
export function rootLogger(): Logger {
  root ??= createLogger(config());
  return root;
}
