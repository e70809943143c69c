import test, { type ExecutionContext } from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, UnsafeProductionConfigError, loadConfig, type Config } from '../../lib/config';
import { assertProductionReady } from '../../lib/config/production-guard';
import { productionEnv } from './helpers/production-env';
import { REQUIRED_BOUNDS, type RequiredBound } from './helpers/required-bounds';

function valueAt(config: Config, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], config);
}

function setAt(config: Config, path: string, value: number): void {
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  const parent = keys.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], config);
  (parent as Record<string, unknown>)[last] = value;
}

/** What the production guard says about a config as it is (not as the environment parser made it). */
function guardProblems(config: Config): string[] {
  try {
    assertProductionReady(config, []);
  } catch (error) {
    if (error instanceof UnsafeProductionConfigError) return error.problems;
    throw error;
  }
  return [];
}

/** The production environment plus what the bound needs (the siteverify provider and its secret). */
function productionWith(t: ExecutionContext, bound: RequiredBound): NodeJS.ProcessEnv {
  const env = productionEnv(t);
  writeFileSync(join(env.SECRETS_DIR ?? '', 'captcha_secret'), 'x7-site-secret-for-the-test-9Qz\n');
  return { ...env, ...bound.with };
}

for (const [requirement, { claim, bounds }] of Object.entries(REQUIRED_BOUNDS)) {
  test(`${requirement} production refuses ${claim}; the defaults are the requirement's numbers`, (t) => {
    for (const bound of bounds) {
      const label = `${bound.variable} (${bound.path})`;
      const text = bound.format ?? String;
      const production = productionWith(t, bound);

      const defaults = loadConfig({ ...bound.with, SECRETS_DIR: production.SECRETS_DIR });
      t.is(valueAt(defaults, bound.path), bound.fallback ?? bound.bound, `${label}: default`);

      const atBound = loadConfig({ ...production, [bound.variable]: text(bound.bound) });
      t.is(
        valueAt(atBound, bound.path),
        bound.bound,
        `${label}: the requirement's number loads in production`,
      );

      const looser = bound.kind === 'max' ? bound.bound + 1 : bound.bound - 1;
      const error = t.throws(() => loadConfig({ ...production, [bound.variable]: text(looser) }), {
        message: new RegExp(bound.variable),
      });
      t.true(
        error instanceof ConfigError || error instanceof UnsafeProductionConfigError,
        `${label}: ${looser} refused`,
      );

      // The guard on its own, whatever the parser lets through: the line that holds in production.
      const patched = structuredClone(loadConfig(production));
      t.deepEqual(guardProblems(patched), [], `${label}: the unpatched production config passes`);
      setAt(patched, bound.path, looser);
      const problems = guardProblems(patched);
      t.true(
        problems.some((p) => p.includes(bound.variable) && p.includes(requirement)),
        `${label}: the guard refuses ${looser}; it said ${JSON.stringify(problems)}`,
      );
    }
  });
}

test('SEC-RATE-01 outside production a limit may still be raised (the test profile and the fuzzing run)', (t) => {
  const raised = { RATE_LIMIT_GLOBAL_PER_IP: '1000000/60', RATE_LIMIT_STEP_UP_PER_USER: '1000000/60' };
  for (const NODE_ENV of ['test', 'development']) {
    t.like(loadConfig({ NODE_ENV, ...raised }).rateLimits, {
      globalPerIp: { limit: 1_000_000, windowSeconds: 60 },
      stepUpPerUser: { limit: 1_000_000, windowSeconds: 60 },
    });
  }
  t.like(loadConfig({ MAX_ARRAY_LENGTH: '500', BODY_LIMIT_BYTES: '2097152' }).api, {
    maxArrayLength: 500,
    bodyLimitBytes: 2_097_152,
  });
  t.throws(() => loadConfig({ ...productionEnv(t), ...raised }), {
    instanceOf: UnsafeProductionConfigError,
    message: /RATE_LIMIT_GLOBAL_PER_IP limit 1000000 is looser than SEC-RATE-01/,
  });
});
