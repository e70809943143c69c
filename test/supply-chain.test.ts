import test from 'ava';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OFFLINE_OVERRIDE,
  advisoriesFromReport,
  evaluate,
  gate,
  lockfileProblems,
  nonExactVersions,
  parseAllowlist,
  type AllowlistEntry,
  type AuditRun,
} from '../tools/audit-deps';

const ROOT = join(__dirname, '..');
const NOW = new Date('2026-06-01T00:00:00Z');
const dirs: string[] = [];
test.after.always(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'travelhub-supply-'));
  dirs.push(dir);
  return dir;
}

/** The shape `npm audit --json` (report format 2) prints. */
function auditReport(...advisories: { pkg: string; severity: string; ghsa: string; source: number }[]) {
  const vulnerabilities: Record<string, unknown> = {};
  for (const a of advisories) {
    vulnerabilities[a.pkg] = {
      name: a.pkg,
      severity: a.severity,
      isDirect: false,
      via: [
        {
          source: a.source,
          name: a.pkg,
          dependency: a.pkg,
          title: `Problem in ${a.pkg}`,
          url: `https://github.com/advisories/${a.ghsa}`,
          severity: a.severity,
          range: '<9.9.9',
        },
      ],
      effects: [`${a.pkg}-user`],
      range: '<9.9.9',
      nodes: [`node_modules/${a.pkg}`],
      fixAvailable: false,
    };
    // A package affected only through the vulnerable one: its `via` is a name, not an advisory.
    vulnerabilities[`${a.pkg}-user`] = {
      name: `${a.pkg}-user`,
      severity: a.severity,
      via: [a.pkg],
      effects: [],
    };
  }
  return { auditReportVersion: 2, vulnerabilities, metadata: {} };
}

const HIGH = { pkg: 'left-pad', severity: 'high', ghsa: 'GHSA-aaaa-bbbb-cccc', source: 1_100_001 };
const CRITICAL = { pkg: 'minimist', severity: 'critical', ghsa: 'GHSA-xvch-5gv4-984h', source: 1_096_302 };
const MODERATE = { pkg: 'qs', severity: 'moderate', ghsa: 'GHSA-dddd-eeee-ffff', source: 1_100_002 };

function judge(report: unknown, entries: Partial<AllowlistEntry>[]) {
  const allowlist = parseAllowlist({ entries }, NOW);
  return { ...evaluate(advisoriesFromReport(report), allowlist.entries, NOW), problems: allowlist.problems };
}

const reason = 'Only reachable through the CLI, which never runs in production.';

test('SEC-DEP-01 a high or critical advisory that is not allowlisted fails the gate', (t) => {
  const verdict = judge(auditReport(HIGH, CRITICAL), []);
  t.deepEqual(
    verdict.blocking.map((b) => b.advisory.package),
    ['left-pad', 'minimist'],
  );
  t.is(advisoriesFromReport(auditReport(HIGH)).length, 1, 'a name-only `via` is not a second advisory');
});

test('SEC-DEP-01 an allowlisted advisory with a future expiry passes (by GHSA id, advisory URL, npm id or package)', (t) => {
  for (const entry of [
    { id: HIGH.ghsa },
    { id: `https://github.com/advisories/${HIGH.ghsa}` },
    { id: HIGH.source },
    { package: HIGH.pkg },
    { id: HIGH.ghsa, package: HIGH.pkg },
  ]) {
    const verdict = judge(auditReport(HIGH), [{ ...entry, reason, expires: '2026-09-01' }]);
    t.is(verdict.blocking.length, 0, JSON.stringify(entry));
    t.is(verdict.allowed.length, 1);
  }
  const otherPackage = judge(auditReport(HIGH), [
    { id: HIGH.ghsa, package: 'other', reason, expires: '2026-09-01' },
  ]);
  t.is(otherPackage.blocking.length, 1, 'with id and package, both must match');
});

test('SEC-DEP-01 an expired allowlist entry no longer excuses the advisory', (t) => {
  const verdict = judge(auditReport(CRITICAL), [{ id: CRITICAL.ghsa, reason, expires: '2026-05-31' }]);
  t.is(verdict.blocking.length, 1);
  t.regex(verdict.blocking[0]?.note ?? '', /expired on 2026-05-31/);
});

test('SEC-DEP-01 moderate and lower advisories are reported but do not fail the gate', (t) => {
  const verdict = judge(auditReport(MODERATE), []);
  t.is(verdict.blocking.length, 0);
  t.is(verdict.belowThreshold.length, 1);
});

test('SEC-DEP-01 allowlist entries need a target, a reason and an expiry at most a year ahead', (t) => {
  const { problems, entries } = parseAllowlist(
    {
      entries: [
        { reason, expires: '2026-09-01' },
        { id: 'GHSA-1', reason: '', expires: '2026-09-01' },
        { id: 'GHSA-2', reason, expires: 'someday' },
        { id: 'GHSA-3', reason, expires: '2030-01-01' },
        { id: 'GHSA-4', reason, expires: '2026-09-01' },
      ],
    },
    NOW,
  );
  t.is(problems.length, 4);
  t.deepEqual(
    entries.map((e) => e.id),
    ['GHSA-4'],
  );
  t.deepEqual(parseAllowlist({}, NOW).problems, ['allowlist: "entries" must be an array']);
  const shipped = parseAllowlist(
    JSON.parse(readFileSync(join(ROOT, 'tools/audit-allowlist.json'), 'utf8')),
    new Date(),
  );
  t.deepEqual(shipped.problems, [], 'the committed allowlist is valid');
});

test('SEC-DEP-01 package.json pins exact versions; a range such as ^1.0.0 fails', (t) => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Parameters<
    typeof nonExactVersions
  >[0];
  t.deepEqual(nonExactVersions(manifest), []);
  t.deepEqual(nonExactVersions({ dependencies: { koa: '^1.0.0' } }), ['koa@^1.0.0 (dependencies)']);
  for (const spec of [
    '~1.0.0',
    '*',
    'latest',
    '>=1.0.0',
    '1.x',
    '1.0',
    'github:user/repo',
    'https://x.example/a.tgz',
  ]) {
    t.is(nonExactVersions({ devDependencies: { x: spec } }).length, 1, spec);
  }
  t.deepEqual(nonExactVersions({ dependencies: { a: '1.2.3', b: '2.0.0-rc.1', c: 'npm:d@3.4.5' } }), []);
});

test('SEC-DEP-01 the lockfile is committed, matches package.json and pins every tarball by sha512', (t) => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Parameters<
    typeof nonExactVersions
  >[0];
  t.deepEqual(lockfileProblems(ROOT, manifest), []);
  const missing = tempDir();
  t.deepEqual(lockfileProblems(missing, manifest), ['package-lock.json is missing: commit the lockfile']);
  const stale = tempDir();
  writeFileSync(
    join(stale, 'package-lock.json'),
    JSON.stringify({
      lockfileVersion: 3,
      packages: { '': { dependencies: { koa: '3.3.0' } }, 'node_modules/koa': { version: '3.3.0' } },
    }),
  );
  const problems = lockfileProblems(stale, { dependencies: { koa: '3.3.0', pg: '8.23.1' } });
  t.true(problems.some((p) => /dependencies differ/.test(p)));
  t.true(problems.some((p) => /node_modules\/koa has no sha512 integrity/.test(p)));
});

function fakeProject(): string {
  const dir = tempDir();
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  copyFileSync(join(ROOT, 'package-lock.json'), join(dir, 'package-lock.json'));
  mkdirSync(join(dir, 'tools'));
  copyFileSync(join(ROOT, 'tools/audit-allowlist.json'), join(dir, 'tools/audit-allowlist.json'));
  return dir;
}

test('SEC-DEP-01 an unreachable advisory endpoint fails closed unless the offline override is explicit', (t) => {
  const dir = fakeProject();
  const unreachable = (): AuditRun => ({
    ok: false,
    error: '405 Method Not Allowed - POST …/advisories/bulk',
  });
  const closed = gate({ dir, env: {}, now: NOW, audit: unreachable });
  t.is(closed.exitCode, 1);
  t.regex(closed.lines.join('\n'), /could not run npm audit, so advisories are unknown: 405/);

  const override = gate({ dir, env: { [OFFLINE_OVERRIDE]: '1' }, now: NOW, audit: unreachable });
  t.is(override.exitCode, 0);
  t.regex(override.lines.join('\n'), /WARNING: advisories were NOT checked/);

  const clean = gate({ dir, env: {}, now: NOW, audit: () => ({ ok: true, report: auditReport(MODERATE) }) });
  t.is(clean.exitCode, 0);
  const dirty = gate({ dir, env: {}, now: NOW, audit: () => ({ ok: true, report: auditReport(HIGH) }) });
  t.is(dirty.exitCode, 1);
  t.regex(dirty.lines.join('\n'), /FAIL high left-pad/);
});

test('SEC-DEP-01 the real gate never passes silently: it either judged a report or failed with the reason', (t) => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'tools/audit-deps.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 200_000,
    env: { ...process.env, [OFFLINE_OVERRIDE]: '' },
  });
  const output = result.stdout + result.stderr;
  const judged = /npm audit \(production dependencies\): \d+ advisories/.test(output);
  if (!judged) {
    t.is(result.status, 1, output);
    t.regex(output, /could not run npm audit/);
  } else {
    t.is(result.status === 0, /audit-deps: ok/.test(output), output);
  }
});

test('SEC-DEP-01 the sbom script writes a CycloneDX JSON SBOM of the production dependencies', (t) => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [command, ...args] = (manifest.scripts.sbom ?? '').split(/\s+/);
  t.is(command, 'cyclonedx-npm');
  const out = join(tempDir(), 'sbom.cdx.json');
  const outputAt = args.indexOf('--output-file');
  t.true(outputAt >= 0);
  args[outputAt + 1] = out;
  const result = spawnSync(join(ROOT, 'node_modules/.bin/cyclonedx-npm'), args, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 200_000,
    env: { ...process.env, PATH: `${join(process.execPath, '..')}:${process.env.PATH ?? ''}` },
  });
  t.is(result.status, 0, result.stderr);
  const sbom = JSON.parse(readFileSync(out, 'utf8')) as {
    bomFormat: string;
    specVersion: string;
    components: { name: string; version: string; purl?: string }[];
  };
  t.is(sbom.bomFormat, 'CycloneDX');
  t.regex(sbom.specVersion, /^1\.\d+$/);
  t.true(sbom.components.length > 50);
  const names = new Set(sbom.components.map((c) => c.name));
  for (const name of ['koa', 'bunyan', 'pg', 'stripe']) t.true(names.has(name), name);
  t.false(names.has('ava'), 'dev dependencies are omitted');
  t.true(sbom.components.every((c) => c.version && c.purl?.startsWith('pkg:npm/')));
});
