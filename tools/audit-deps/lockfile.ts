import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** SEC-DEP-01's manifest and lockfile checks: exact versions, and a lockfile that pins every hash. */
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;
export type Manifest = Partial<Record<(typeof DEPENDENCY_FIELDS)[number], Record<string, string>>>;

/** `name@spec` for every dependency not pinned to one exact registry version. */
export function nonExactVersions(manifest: Manifest): string[] {
  const loose: string[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, spec] of Object.entries(manifest[field] ?? {})) {
      const version = spec.startsWith('npm:') ? spec.slice(spec.lastIndexOf('@') + 1) : spec;
      if (!EXACT_VERSION.test(version)) loose.push(`${name}@${spec} (${field})`);
    }
  }
  return loose;
}

interface Lockfile {
  lockfileVersion?: number;
  packages?: Record<string, { integrity?: string; link?: boolean; inBundle?: boolean } & Manifest>;
}

/** The lockfile must exist, describe exactly package.json's dependencies and pin every tarball's hash. */
export function lockfileProblems(dir: string, manifest: Manifest): string[] {
  const path = join(dir, 'package-lock.json');
  if (!existsSync(path)) return ['package-lock.json is missing: commit the lockfile'];
  let lock: Lockfile;
  try {
    lock = JSON.parse(readFileSync(path, 'utf8')) as Lockfile;
  } catch {
    return ['package-lock.json is not valid JSON'];
  }
  if ((lock.lockfileVersion ?? 0) < 2 || lock.packages === undefined)
    return ['package-lock.json must be lockfileVersion 2 or 3'];
  const problems: string[] = [];
  const root = lock.packages[''] ?? {};
  for (const field of DEPENDENCY_FIELDS) {
    if (JSON.stringify(root[field] ?? {}) !== JSON.stringify(manifest[field] ?? {})) {
      problems.push(`package-lock.json ${field} differ from package.json: run npm install`);
    }
  }
  for (const [location, entry] of Object.entries(lock.packages)) {
    if (location === '' || entry.link || entry.inBundle) continue;
    if (!entry.integrity?.startsWith('sha512-'))
      problems.push(`package-lock.json: ${location} has no sha512 integrity`);
  }
  return problems;
}
