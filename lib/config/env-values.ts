import { ConfigError } from './config-error';

/** An empty variable counts as unset, so `FOO=` falls back to the default instead of failing later. */
export function str(env: NodeJS.ProcessEnv, name: string, fallback?: string): string {
  const value = env[name] || fallback;
  if (value === undefined || value === '') throw new ConfigError(`${name} is required`);
  return value;
}

export function int(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
) {
  const raw = env[name];
  // Only plain decimal digits: Number() would also take '', ' 1', '0x10' and '1e3'.
  if (raw !== undefined && !/^\d{1,15}$/.test(raw)) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}`);
  }
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function list(env: NodeJS.ProcessEnv, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined) return fallback;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
