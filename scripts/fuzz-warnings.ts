/**
 * Reads schemathesis' JSON reports (one per pass of scripts/fuzz-api.sh, `pass-<name>.json`),
 * prints what each pass reached, and fails on any warning the allow-list does not name. Each
 * warning says an operation's logic was not reached (only 401/403, mostly 429, only 404, generated
 * data mostly refused, an answer it cannot read...), so each allowed one must say why that is right.
 * Allow-list lines:  <pass or *> | <warning kind> | <METHOD /path> | <reason>   (# starts a comment)
 *   node --import tsx scripts/fuzz-warnings.ts ALLOW_LIST REPORT.json...
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface Report {
  test_cases: { generated: number; with_failures: number; errored: number };
  operations: { selected: number; tested: number } | null;
  warnings: Record<string, string[]>;
  valid_rates: Record<string, Record<string, { accepted: number; rejected: number }>>;
}

interface Allowed {
  pass: string;
  kind: string;
  operation: string;
  line: number;
  used: boolean;
}

function readAllowList(path: string): Allowed[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((text, index) => ({ text: text.trim(), line: index + 1 }))
    .filter(({ text }) => text !== '' && !text.startsWith('#'))
    .map(({ text, line }) => {
      const [pass, kind, operation, reason] = text.split('|').map((field) => field.trim());
      if (!pass || !kind || !operation || !reason) {
        throw new Error(`${path}:${line}: want "pass | warning | METHOD /path | reason"`);
      }
      return { pass, kind, operation, line, used: false };
    });
}

function main(): number {
  const [allowListPath, ...reportPaths] = process.argv.slice(2);
  if (!allowListPath || reportPaths.length === 0) {
    console.error('usage: fuzz-warnings.ts ALLOW_LIST REPORT.json...');
    return 2;
  }
  const allowed = readAllowList(allowListPath);
  const unexplained: string[] = [];
  for (const path of reportPaths) {
    const pass = basename(path, '.json').replace(/^pass-/, '');
    const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
    const reached = Object.values(report.valid_rates).filter((phases) =>
      Object.values(phases).some((rate) => rate.accepted > 0),
    ).length;
    const warned = Object.entries(report.warnings).flatMap(([kind, ops]) => ops.map((op) => ({ kind, op })));
    console.log(
      `${pass}: ${report.operations?.tested ?? 0}/${report.operations?.selected ?? 0} operations tested, ` +
        `${reached} served valid data, ${report.test_cases.generated} cases, ` +
        `${report.test_cases.with_failures} failing, ${warned.length} warnings`,
    );
    for (const { kind, op } of warned) {
      const entry = allowed.find(
        (a) => (a.pass === '*' || a.pass === pass) && a.kind === kind && a.operation === op,
      );
      if (entry) entry.used = true;
      else unexplained.push(`${pass} | ${kind} | ${op}`);
    }
  }
  for (const entry of allowed.filter((a) => !a.used)) {
    console.log(
      `note: allow-list line ${entry.line} (${entry.pass} ${entry.kind} ${entry.operation}) was not needed`,
    );
  }
  if (unexplained.length > 0) {
    console.error(
      `schemathesis warnings not in ${basename(allowListPath)} (add each with its reason, or fix it):`,
    );
    for (const line of unexplained) console.error(`  ${line}`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
