import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnsafeProductionConfigError, loadConfig } from '../../lib/config';
import { productionEnv } from './helpers/production-env';

/** The production guard's complaints about LOG_DIR (other rules are other tests' business). */
function logDirProblems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof UnsafeProductionConfigError)
      return error.problems.filter((p) => p.includes('LOG_DIR'));
    throw error;
  }
  return [];
}

test('SEC-LOG-05 production refuses to start without LOG_DIR: security logs must go to the daily files the rotation keeps 12 months', (t) => {
  const production = productionEnv(t);
  t.deepEqual(logDirProblems(production), [], 'a writable absolute directory is accepted');
  t.is(loadConfig({ ...production, NODE_ENV: 'development', LOG_DIR: undefined }).log.dir, undefined);

  const missing = logDirProblems({ ...production, LOG_DIR: undefined });
  t.is(missing.length, 1, JSON.stringify(missing));
  t.regex(missing[0]!, /LOG_DIR is required/);
  t.regex(logDirProblems({ ...production, LOG_DIR: 'logs' })[0] ?? '', /absolute path/);
  t.regex(
    logDirProblems({ ...production, LOG_DIR: join(production.LOG_DIR!, 'absent') })[0] ?? '',
    /not a writable directory/,
  );
  const file = join(production.LOG_DIR!, 'a-file');
  writeFileSync(file, '');
  t.regex(logDirProblems({ ...production, LOG_DIR: file })[0] ?? '', /not a writable directory/);
});
