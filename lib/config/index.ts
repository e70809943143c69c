import { loadConfig } from './load';
import type { Config } from './schema';

export type { Config, Environment } from './schema';
export { loadConfig, ConfigError } from './load';
export { UnsafeProductionConfigError } from './production-guard';

let current: Config | undefined;

/** The process-wide configuration, loaded on first use. */
export function config(): Config {
  current ??= loadConfig();
  return current;
}
