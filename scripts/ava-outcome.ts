/**
 * Reads the output of ava's default reporter and prints what really happened:
 *   passed <n>
 *   failed <n>
 *   failure <title>     (one line per failed test, hook, crash or timeout)
 * ava's own summary omits the passed count as soon as anything fails, and counts uncaught
 * exceptions, failed hooks and timeouts apart from failed tests: all of them are failures here.
 * Usage: node --import tsx scripts/ava-outcome.ts <ava-log>
 */
import { readFileSync } from 'node:fs';

export interface AvaOutcome {
  passed: number;
  failed: number;
  failures: string[];
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** Summary lines whose count is a count of failures (ava prints each only when it is > 0). */
const FAILURE_SUMMARIES = [
  /^(\d+) tests? failed$/,
  /^(\d+) hooks? failed$/,
  /^(\d+) uncaught exceptions?$/,
  /^(\d+) unhandled rejections?$/,
  /^(\d+) tests? remained pending after a timeout$/,
];

export function avaOutcome(log: string): AvaOutcome {
  const lines = log.replace(ANSI, '').split('\n');
  const trimmed = lines.map((line) => line.trim());
  // Failure details are headed by the bare title on a line of its own: it tells where the title
  // of a "✘ [fail]: <title> <message>" line ends.
  const headings = new Set(trimmed.filter((line) => line !== '' && !/^[✔✘◌─-]/.test(line)));
  const failures: string[] = [];
  let passed = 0;
  let summed = 0;
  let timedOut = false;
  let pending = 0;
  for (const line of trimmed) {
    if (line.startsWith('✔ ') && !line.startsWith('✔ [expected fail]')) passed++;
    else if (line.startsWith('✘ [fail]: ')) failures.push(titleOf(line.slice('✘ [fail]: '.length), headings));
    else if (line.startsWith('✘ [unexpected pass]: ')) failures.push(line.slice(2));
    else if (line === '✘ Timed out while running tests') timedOut = true;
    else if (/^✘ (Exiting due to process\.exit\(\)|.* exited with a non-zero exit code)/.test(line))
      failures.push(line.slice(2));
    else if (line.startsWith('◌ ')) failures.push(`${line.slice(2)} (pending at the timeout)`);
    else if (/^(Uncaught exception|Unhandled rejection) in /.test(line)) failures.push(line);
    for (const summary of FAILURE_SUMMARIES) {
      const count = summary.exec(line)?.[1];
      if (count === undefined) continue;
      summed += Number(count);
      if (summary.source.includes('pending')) pending += Number(count);
    }
  }
  if (timedOut && pending === 0) failures.push('ava timed out while running tests');
  // A crashed file shows as an exception line, then as a non-zero exit (and a process.exit() as
  // two lines): one failure per file, unless the summary already counted its exception.
  const fileOf = (failure: string) =>
    /^(?:Uncaught exception|Unhandled rejection) in (\S+)$/.exec(failure)?.[1] ??
    /^Exiting due to process\.exit\(\) when running (\S+)$/.exec(failure)?.[1] ??
    /^(\S+) exited with a non-zero exit code/.exec(failure)?.[1];
  const excepted = new Set(failures.filter((f) => /^(Uncaught|Unhandled)/.test(f)).map(fileOf));
  const exits = new Set(failures.filter((f) => /^Exiting|exited with/.test(f)).map(fileOf));
  const unexplained = [...exits].filter((file) => !excepted.has(file)).length;
  const timeout = timedOut && pending === 0 ? 1 : 0;
  const explicit =
    failures.length - [...failures].filter((f) => /^Exiting|exited with/.test(f)).length - timeout;
  const failed = Math.max(summed, explicit) + unexplained + timeout;
  return { passed, failed, failures };
}

function titleOf(rest: string, headings: Set<string>): string {
  for (let end = rest.length; end > 0; end = rest.lastIndexOf(' ', end - 1)) {
    if (headings.has(rest.slice(0, end))) return rest.slice(0, end);
  }
  return rest;
}

if (process.argv[1]?.endsWith('ava-outcome.ts')) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: ava-outcome.ts <ava-log>');
    process.exit(2);
  }
  const outcome = avaOutcome(readFileSync(file, 'utf8'));
  console.log(`passed ${outcome.passed}`);
  console.log(`failed ${outcome.failed}`);
  for (const failure of outcome.failures) console.log(`failure ${failure}`);
}
