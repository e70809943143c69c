/**
 * Dependency gate (SEC-DEP-01): fails when a production dependency has a high or critical
 * advisory not excused by tools/audit-allowlist.json (each excuse has a reason and an expiry),
 * when package.json uses a version range instead of an exact version, or when package-lock.json
 * is missing, stale or lacks integrity hashes.
 *
 *   npm run audit:deps                     run `npm audit --omit=dev --json` and judge it
 *   npm run audit:deps -- --report a.json  judge a saved `npm audit --json` report instead
 *
 * If the advisory endpoint cannot be reached the gate fails: "no answer" is not "no advisories".
 * AUDIT_DEPS_ALLOW_UNAUDITED=1 lets the other checks pass while saying loudly that advisories
 * were NOT checked; it exists for offline development machines, never for CI.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lockfileProblems, nonExactVersions, type Manifest } from './audit-deps/lockfile';

export { lockfileProblems, nonExactVersions };

export type Severity = 'info' | 'low' | 'moderate' | 'high' | 'critical';
const BLOCKING: readonly Severity[] = ['high', 'critical'];
const MAX_ALLOWLIST_DAYS = 366;
export const OFFLINE_OVERRIDE = 'AUDIT_DEPS_ALLOW_UNAUDITED';

export interface Advisory {
  /** npm's advisory number, when the report has one. */
  source?: number | string;
  package: string;
  title: string;
  url: string;
  severity: Severity;
}

export interface AllowlistEntry {
  /** GHSA id, npm advisory number or advisory URL. */
  id?: string | number;
  /** Package name; with `id` as well, both must match. */
  package?: string;
  reason: string;
  /** ISO date or date-time; the entry stops excusing anything from that instant. */
  expires: string;
}

export interface Verdict {
  blocking: { advisory: Advisory; note: string }[];
  allowed: { advisory: Advisory; entry: AllowlistEntry }[];
  belowThreshold: Advisory[];
}

// ---- allowlist ----

export function parseAllowlist(json: unknown, now: Date): { entries: AllowlistEntry[]; problems: string[] } {
  const problems: string[] = [];
  const list = (json as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(list)) return { entries: [], problems: ['allowlist: "entries" must be an array'] };
  const entries: AllowlistEntry[] = [];
  list.forEach((raw: Partial<AllowlistEntry>, i) => {
    const where = `allowlist entry ${i}`;
    const expires = typeof raw?.expires === 'string' ? Date.parse(raw.expires) : Number.NaN;
    if (raw?.id === undefined && raw?.package === undefined)
      problems.push(`${where}: needs "id" or "package"`);
    else if (typeof raw.reason !== 'string' || raw.reason.trim().length < 10)
      problems.push(`${where}: needs a "reason"`);
    else if (Number.isNaN(expires)) problems.push(`${where}: "expires" must be an ISO date`);
    else if (expires - now.getTime() > MAX_ALLOWLIST_DAYS * 86_400_000) {
      problems.push(`${where}: "expires" is more than ${MAX_ALLOWLIST_DAYS} days away`);
    } else entries.push(raw as AllowlistEntry);
  });
  return { entries, problems };
}

function matches(entry: AllowlistEntry, advisory: Advisory): boolean {
  const id = entry.id === undefined ? undefined : String(entry.id);
  const idMatches =
    id === undefined ||
    id === String(advisory.source) ||
    id === advisory.url ||
    advisory.url.endsWith(`/${id}`);
  const packageMatches = entry.package === undefined || entry.package === advisory.package;
  return idMatches && packageMatches;
}

// ---- npm audit report ----

interface Via {
  source?: number;
  name?: string;
  title?: string;
  url?: string;
  severity?: Severity;
}

/** Every advisory in an `npm audit --json` report (format 2 of npm ≥7, or the older format 1). */
export function advisoriesFromReport(report: unknown): Advisory[] {
  const found = new Map<string, Advisory>();
  const add = (a: Advisory) => found.set(`${a.source ?? a.url}|${a.package}`, a);
  const r = report as {
    vulnerabilities?: Record<string, { via?: unknown[] }>;
    advisories?: Record<string, unknown>;
  };
  for (const vulnerability of Object.values(r.vulnerabilities ?? {})) {
    for (const via of vulnerability.via ?? []) {
      if (via === null || typeof via !== 'object') continue; // a name: the advisory is listed under that package
      const v = via as Via;
      add({
        source: v.source,
        package: v.name ?? '?',
        title: v.title ?? '',
        url: v.url ?? '',
        severity: v.severity ?? 'critical',
      });
    }
  }
  for (const value of Object.values(r.advisories ?? {})) {
    const v = value as {
      id?: number;
      module_name?: string;
      title?: string;
      url?: string;
      severity?: Severity;
    };
    add({
      source: v.id,
      package: v.module_name ?? '?',
      title: v.title ?? '',
      url: v.url ?? '',
      severity: v.severity ?? 'critical',
    });
  }
  return [...found.values()];
}

export function isAuditReport(report: unknown): boolean {
  const r = report as { vulnerabilities?: unknown; advisories?: unknown } | null;
  return (
    r !== null &&
    typeof r === 'object' &&
    (typeof r.vulnerabilities === 'object' || typeof r.advisories === 'object')
  );
}

export function evaluate(advisories: Advisory[], entries: AllowlistEntry[], now: Date): Verdict {
  const verdict: Verdict = { blocking: [], allowed: [], belowThreshold: [] };
  for (const advisory of advisories) {
    if (!BLOCKING.includes(advisory.severity)) {
      verdict.belowThreshold.push(advisory);
      continue;
    }
    const entry = entries.find((e) => matches(e, advisory));
    if (entry === undefined) verdict.blocking.push({ advisory, note: 'not in the allowlist' });
    else if (Date.parse(entry.expires) <= now.getTime()) {
      verdict.blocking.push({ advisory, note: `allowlist entry expired on ${entry.expires}` });
    } else verdict.allowed.push({ advisory, entry });
  }
  return verdict;
}

// ---- running npm audit ----

export type AuditRun = { ok: true; report: unknown } | { ok: false; error: string };

export function runNpmAudit(cwd: string): AuditRun {
  const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
    cwd,
    encoding: 'utf8',
    timeout: 180_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) return { ok: false, error: `npm audit did not run: ${result.error.message}` };
  let report: unknown;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    return {
      ok: false,
      error: `npm audit gave no JSON (exit ${result.status}): ${result.stderr.trim().slice(-500)}`,
    };
  }
  // npm audit exits 1 both when it finds advisories and when it fails: only the body tells.
  if (isAuditReport(report)) return { ok: true, report };
  const failure = report as { message?: string; error?: { summary?: string; code?: string } };
  return {
    ok: false,
    error: failure.message ?? failure.error?.summary ?? failure.error?.code ?? result.stderr.trim(),
  };
}

// ---- the gate ----

export interface GateOptions {
  dir: string;
  env: NodeJS.ProcessEnv;
  now: Date;
  audit: () => AuditRun;
}

export function gate(options: GateOptions): { exitCode: number; lines: string[] } {
  const lines: string[] = [];
  const problems: string[] = [];
  const manifest = JSON.parse(readFileSync(join(options.dir, 'package.json'), 'utf8')) as Manifest;
  for (const loose of nonExactVersions(manifest)) problems.push(`not an exact version: ${loose}`);
  problems.push(...lockfileProblems(options.dir, manifest));

  const allowlistPath = join(options.dir, 'tools', 'audit-allowlist.json');
  const allowlist = parseAllowlist(JSON.parse(readFileSync(allowlistPath, 'utf8')), options.now);
  problems.push(...allowlist.problems);

  const run = options.audit();
  if (run.ok) {
    const advisories = advisoriesFromReport(run.report);
    const verdict = evaluate(advisories, allowlist.entries, options.now);
    lines.push(
      `npm audit (production dependencies): ${advisories.length} advisories, ${verdict.blocking.length} blocking, ` +
        `${verdict.allowed.length} allowlisted, ${verdict.belowThreshold.length} below high`,
    );
    for (const { advisory, note } of verdict.blocking) {
      problems.push(`${advisory.severity} ${advisory.package}: ${advisory.title} ${advisory.url} (${note})`);
    }
    for (const { advisory, entry } of verdict.allowed) {
      lines.push(
        `  allowlisted until ${entry.expires}: ${advisory.package} ${advisory.url}: ${entry.reason}`,
      );
    }
  } else if (options.env[OFFLINE_OVERRIDE] === '1') {
    lines.push(`WARNING: advisories were NOT checked (${OFFLINE_OVERRIDE}=1): ${run.error}`);
  } else {
    problems.push(
      `could not run npm audit, so advisories are unknown: ${run.error}. ` +
        `Fix registry access or judge a saved report with --report <file>; ` +
        `${OFFLINE_OVERRIDE}=1 skips the advisory check deliberately (never in CI).`,
    );
  }

  for (const problem of problems) lines.push(`FAIL ${problem}`);
  lines.push(problems.length === 0 ? 'audit-deps: ok' : `audit-deps: ${problems.length} problem(s)`);
  return { exitCode: problems.length === 0 ? 0 : 1, lines };
}

function main(): void {
  const dir = resolve(__dirname, '..');
  const reportFlag = process.argv.indexOf('--report');
  const reportPath = reportFlag >= 0 ? process.argv[reportFlag + 1] : undefined;
  const audit = (): AuditRun => {
    if (reportPath === undefined) return runNpmAudit(dir);
    const report: unknown = JSON.parse(readFileSync(reportPath, 'utf8'));
    return isAuditReport(report)
      ? { ok: true, report }
      : { ok: false, error: `${reportPath} is not an npm audit report` };
  };
  const result = gate({ dir, env: process.env, now: new Date(), audit });
  for (const line of result.lines) console.log(line);
  process.exitCode = result.exitCode;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === __filename) main();
