/** A configuration value is missing or malformed: the process must not start. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
