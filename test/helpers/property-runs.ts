import fc from 'fast-check';

/**
 * The run's `seed` and `path` from FC_SEED / FC_PATH, when set; FC_PATH needs FC_SEED. A typo
 * fails loudly instead of quietly running another random seed.
 */
function replayFromEnv(): { seed?: number; path?: string } {
  const { FC_SEED: seed, FC_PATH: path } = process.env;
  if (seed === undefined || seed === '') {
    if (path) throw new Error('FC_PATH replays only together with the FC_SEED it was printed with');
    return {};
  }
  if (!/^-?\d+$/.test(seed) || !Number.isSafeInteger(Number(seed)))
    throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(seed)}`);
  if (path !== undefined && path !== '' && !/^\d+(:\d+)*$/.test(path))
    throw new Error(`FC_PATH must look like "166:4:82", got ${JSON.stringify(path)}`);
  return { seed: Number(seed), ...(path ? { path } : {}) };
}

/**
 * Every property test runs through here (eslint refuses a direct `fc.assert` in test/). On failure
 * fast-check's message prints `{ seed, path }`, the counterexample and, with `includeErrorInReport`,
 * the error the predicate threw (otherwise hidden in `cause`, which ava does not print).
 * Replay: FC_SEED=<seed> [FC_PATH=<path>] scripts/with-env.sh npx ava <file> --match '<title>'
 */
export function assertProperty<Ts>(property: fc.IProperty<Ts>, params: fc.Parameters<Ts> = {}): void {
  fc.assert(property, { includeErrorInReport: true, ...params, ...replayFromEnv() });
}
