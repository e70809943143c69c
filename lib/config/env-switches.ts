import { ConfigError } from './config-error';

/**
 * Reads switches that are either unset or exactly one word (`on`, `kill`): `variables` names each
 * switch's environment variable. Anything else set is a ConfigError, so a typo never passes for
 * "off".
 */
export function envSwitches<K extends string, W extends string>(
  env: NodeJS.ProcessEnv,
  variables: Readonly<Record<K, string>>,
  word: W,
): Partial<Record<K, W>> {
  const switches: Partial<Record<K, W>> = {};
  for (const [name, variable] of Object.entries(variables) as [K, string][]) {
    const value = env[variable];
    if (!value) continue;
    if (value !== word) throw new ConfigError(`${variable} must be ${word} or unset`);
    switches[name] = word;
  }
  return switches;
}
