import { loadConfig } from './load';
import type { Config } from './schema';

let current: Config | undefined;

/** The process-wide configuration, loaded on first use. */
export function config(): Config {
  current ??= loadConfig();
  return current;
}
