import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

// Workflow code runs in Temporal's deterministic sandbox and is replayed from history: it may
// import only the workflow SDK, types (erased at build time), and other workflow files.
const WORKFLOWS = resolve(__dirname, '../../workflows');
const ALLOWED_PACKAGE = '@temporalio/workflow';

function workflowFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return workflowFiles(path);
    return /\.[cm]?[jt]sx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function insideWorkflows(fromFile: string, specifier: string): boolean {
  const target = resolve(dirname(fromFile), specifier);
  return target === WORKFLOWS || target.startsWith(WORKFLOWS + sep);
}

// Only `import type` / `export type` count as type-only: an inline `import { type X } from 'm'`
// may still load `m` for its side effects (verbatimModuleSyntax keeps it as `import {} from 'm'`).
function typeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly;
  return node.importClause?.isTypeOnly === true;
}

/** Every import a workflow file must not have, as "line: reason". */
function forbiddenImports(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const problems: string[] = [];
  const report = (node: ts.Node, what: string) =>
    problems.push(`${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${what}`);

  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      const spec = (node.moduleSpecifier as ts.StringLiteral).text;
      const allowed =
        spec === ALLOWED_PACKAGE || typeOnly(node) || (spec.startsWith('.') && insideWorkflows(file, spec));
      if (!allowed) report(node, `imports ${spec}`);
    } else if (ts.isImportEqualsDeclaration(node) && !node.isTypeOnly) {
      report(node, 'uses import = require()');
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) report(node, 'uses dynamic import()');
      if (ts.isIdentifier(callee) && callee.text === 'require') report(node, 'calls require()');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return problems;
}

test('every workflow file imports only @temporalio/workflow, types, or other workflow files', (t) => {
  const files = workflowFiles(WORKFLOWS);
  t.true(files.length > 0, 'workflows/ holds workflow files');
  const problems = files.flatMap((f) =>
    forbiddenImports(f, readFileSync(f, 'utf8')).map((p) => `${relative(WORKFLOWS, f)}:${p}`),
  );
  t.deepEqual(problems, []);
});

test('the workflow import check rejects Node modules, other packages, non-workflow files and require()', (t) => {
  const file = join(WORKFLOWS, 'example.ts');
  const bad = [
    "import { readFileSync } from 'node:fs';",
    "import { Client } from '@temporalio/client';",
    "import { defineSearchAttributeKey } from '@temporalio/common';",
    "import { config } from '../lib/config';",
    "import { type Config, loadConfig } from '../lib/config';",
    "import { type Config } from '../lib/config';",
    "import '../lib/side-effect';",
    "export { taskQueues } from '../lib/temporal/task-queues';",
    "const fs = require('fs');",
    "const m = await import('./other');",
    "import crypto = require('crypto');",
  ];
  for (const line of bad) t.is(forbiddenImports(file, line).length, 1, line);

  const good = [
    "import { proxyActivities } from '@temporalio/workflow';",
    "import type { Config } from '../lib/config';",
    "import type * as activities from '../activities/notify';",
    "export type { TaskQueues } from '../lib/temporal/task-queues';",
    "import { BOOKING_ID } from './search-attributes';",
    "export * from './platform-check';",
  ];
  for (const line of good) t.deepEqual(forbiddenImports(file, line), [], line);
});
