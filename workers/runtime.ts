import { Runtime } from '@temporalio/worker';
import type { Logger } from '../lib/logger';
import { BunyanTemporalLogger, temporalLevel } from './log-adapter';

let installed: Runtime | undefined;

/**
 * Installs the process-wide Temporal runtime once, before any worker connection: SDK and core
 * logs go to bunyan, and SIGINT/SIGTERM start a graceful shutdown of every worker (in-flight
 * tasks finish within the worker's shutdownGraceTime).
 */
export function installRuntime(logger: Logger, level: string): Runtime {
  installed ??= Runtime.install({
    logger: new BunyanTemporalLogger(logger),
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    telemetryOptions: {
      logging: { filter: { core: temporalLevel(level), other: 'ERROR' }, forward: {} },
    },
  });
  return installed;
}
