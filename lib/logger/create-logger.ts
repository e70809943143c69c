import type bunyan from 'bunyan';
import type { Config } from '../config';
import { config } from '../config';
import { dailyFileStream } from './daily-file-stream';
import { DEFAULT_MASK_OPTIONS, type MaskOptions } from './mask-options';
import { maskingLoggerClass } from './masking-logger';
import { serializers } from './serializers';

export type Logger = bunyan;

/** What createLogger reads from the configuration; `env` decides whether stacks are logged. */
export type LoggerConfig = Pick<Config, 'serviceName' | 'log'> & Partial<Pick<Config, 'env'>>;

/**
 * The only way to make a logger: every logger, and every child of it, masks every record at
 * any depth and escapes control characters (SEC-LOG-02, SEC-LOG-04). `stream` lets tests
 * capture records; by default records go to stdout, or with `log.dir` (LOG_DIR) to the daily
 * files the log-rotation schedule compresses and expires (SEC-LOG-05). Without `env`, the logger
 * behaves as in production (no stacks).
 */
export function createLogger(
  cfg: LoggerConfig,
  stream: NodeJS.WritableStream = cfg.log.dir
    ? dailyFileStream(cfg.log.dir, cfg.serviceName)
    : process.stdout,
  maskOptions: Partial<MaskOptions> = {},
): Logger {
  const options: MaskOptions = {
    ...DEFAULT_MASK_OPTIONS,
    includeStack: cfg.env !== undefined && cfg.env !== 'production',
    ...maskOptions,
  };
  const MaskingLogger = maskingLoggerClass(options);
  return new MaskingLogger({ name: cfg.serviceName, level: cfg.log.level, stream, serializers });
}

let root: Logger | undefined;

/** The process-wide logger, built from the process configuration on first use. */
export function rootLogger(): Logger {
  root ??= createLogger(config());
  return root;
}
