export type { Config, Environment } from './schema';
export { loadConfig, ConfigError } from './load';
export { UnsafeProductionConfigError } from './production-guard';
export { config } from './current';
