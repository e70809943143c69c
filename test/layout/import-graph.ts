// The import graph behind test/layout/import-floors.test.ts, hand-written on purpose: under a
// hundred lines on the compiler's own parser (typescript is already a devDependency), no extra
// dependency, and it reports every kind of import (type-only ones too). dependency-cruiser or
// eslint-plugin-boundaries would add a config language and a dependency for the same check.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import ts from 'typescript';

/** The floors of DESIGN.md "Where a thing lives": an import may run down or sideways, never up. */
export const FLOORS: Readonly<Record<string, number>> = {
  lib: 0,
  db: 1,
  services: 2,
  activities: 2,
  workflows: 3,
  api: 4,
  workers: 4,
  tools: 5,
  bench: 5,
  test: 5,
  scripts: 5,
};
/** Sideways imports that stay forbidden although both folders share a floor, as `from>to`. */
const FORBIDDEN_SIDEWAYS = new Set(['services>activities', 'api>workers', 'workers>api']);

/** A file by its path from the repository root, with forward slashes. */
export interface RepoFile {
  path: string;
  text: string;
}
export interface Violation {
  from: string;
  to: string;
  reason: string;
}
/** One import; `spec` is undefined for a require() or import() whose argument is computed. */
interface Import {
  spec: string | undefined;
  typeOnly: boolean;
  how: string;
}

const literal = (node: ts.Node | undefined) => (node && ts.isStringLiteralLike(node) ? node.text : undefined);
// `import { type A, type B }` counts as type-only; an empty `import {}` or `export {}` does not.
const allTypes = (elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>) =>
  elements.length > 0 && elements.every((e) => e.isTypeOnly);

export function importsOf(file: RepoFile): Import[] {
  const sf = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: Import[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name && !!named && ts.isNamedImports(named) && allTypes(named.elements)));
      found.push({
        spec: literal(node.moduleSpecifier),
        typeOnly,
        how: clause ? 'import' : 'side-effect import',
      });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      const typeOnly =
        node.isTypeOnly || (!!clause && ts.isNamedExports(clause) && allTypes(clause.elements));
      found.push({ spec: literal(node.moduleSpecifier), typeOnly, how: 're-export' });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const spec = literal(node.moduleReference.expression);
      found.push({ spec, typeOnly: node.isTypeOnly, how: 'import = require()' });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      found.push({ spec: literal(node.argument.literal), typeOnly: true, how: 'import() type' });
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const how =
        callee.kind === ts.SyntaxKind.ImportKeyword
          ? 'dynamic import()'
          : ts.isIdentifier(callee) && callee.text === 'require'
            ? 'require()'
            : undefined;
      if (how) found.push({ spec: literal(node.arguments[0]), typeOnly: false, how });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The file a relative specifier names, when it is among `known`; else the bare joined path. */
function resolveSpec(from: string, spec: string, known: Set<string>): string {
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  const stem = base.replace(/\.[cm]?js$/, '');
  return [base, `${stem}.ts`, `${stem}/index.ts`, `${stem}.d.ts`].find((p) => known.has(p)) ?? base;
}

const top = (path: string) => path.split('/')[0] ?? '';

/** Every import in `files` that breaks the floors. Pure: no disk, no git. */
export function violations(files: RepoFile[]): Violation[] {
  const known = new Set(files.map((f) => f.path));
  const out: Violation[] = [];
  for (const file of files) {
    const fromTop = top(file.path);
    for (const imp of importsOf(file)) {
      const relative = imp.spec?.startsWith('.') === true;
      const to =
        imp.spec === undefined ? '<computed>' : relative ? resolveSpec(file.path, imp.spec, known) : imp.spec;
      const toTop = relative ? top(to) : undefined;
      const kind = `${imp.typeOnly ? 'type-only ' : ''}${imp.how}`;
      const fromFloor = FLOORS[fromTop];
      const toFloor = toTop === undefined ? undefined : FLOORS[toTop];
      if (toTop !== fromTop && fromFloor !== undefined && toFloor !== undefined) {
        if (toFloor > fromFloor) {
          const reason = `${kind} runs up from ${fromTop} (floor ${fromFloor}) to ${toTop} (floor ${toFloor})`;
          out.push({ from: file.path, to, reason });
        } else if (FORBIDDEN_SIDEWAYS.has(`${fromTop}>${toTop}`)) {
          out.push({
            from: file.path,
            to,
            reason: `${kind}: ${fromTop} never imports ${toTop}`,
          });
        }
      }
    }
  }
  return out;
}

export const REPO_ROOT = resolve(__dirname, '../..');

/** Every tracked or untracked-but-not-ignored .ts file of the repository, outside node_modules. */
export function loadRepoFiles(root = REPO_ROOT): RepoFile[] {
  const listed = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const paths = [...new Set(listed.split('\0'))].filter(
    (p) => p.endsWith('.ts') && !p.split('/').includes('node_modules'),
  );
  // A tracked path already gone from the working tree (a move half done) is skipped, not fatal.
  return paths
    .filter((p) => existsSync(resolve(root, p)))
    .map((p) => ({ path: p, text: readFileSync(resolve(root, p), 'utf8') }));
}
