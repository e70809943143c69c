import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** A raw SQL text that is not a constant of the source: built at run time from something else. */
export interface RawSqlFinding {
  file: string;
  line: number;
  call: string;
  reason: string;
}

export interface RawSqlScan {
  /** SQL sinks seen (`.query(...)`, `literal(...)`): a scanner that sees none proves nothing. */
  sinks: number;
  findings: RawSqlFinding[];
}

/**
 * SEC-VAL-05: every SQL text handed to Sequelize (`x.query(sql)`, `literal(sql)`,
 * `Sequelize.literal(sql)`) must be a constant of its file: a string literal, or a template or `+`
 * whose every part is one, or a choice (`c ? a : b`) between two, or a `const` bound to one, or
 * a parameter every caller in the file passes one. Values then can only travel as bound parameters (`bind`, `replacements`). Anything
 * else (an interpolated value, a concatenation, a `let`, a function's result, a property) is
 * reported, since the scanner cannot prove it holds no input. Temporal's `handle.query(...)` is
 * not SQL.
 */
export function scanSource(fileName: string, text: string): RawSqlScan {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: RawSqlFinding[] = [];
  let sinks = 0;
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;

  const declarations = new Map<string, ts.Node[]>();
  const calls: ts.CallExpression[] = [];
  const collect = (node: ts.Node) => {
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node)) && ts.isIdentifier(node.name)) {
      declarations.set(node.name.text, [...(declarations.get(node.name.text) ?? []), node]);
    }
    if (ts.isCallExpression(node)) calls.push(node);
    ts.forEachChild(node, collect);
  };
  collect(source);

  /** The name a function is called by: `f` for `const f = () =>`, `select` for a method. */
  function functionName(fn: ts.SignatureDeclaration): string | undefined {
    if (fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name))) return fn.name.text;
    const parent = fn.parent;
    if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    return undefined;
  }

  function calleeName(call: ts.CallExpression): string | undefined {
    const callee = call.expression;
    if (ts.isIdentifier(callee)) return callee.text;
    if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
    return undefined;
  }

  /** Why `expr` is not a constant SQL text, or null when it is one. */
  function problem(expr: ts.Expression, seen: Set<ts.Node>): string | null {
    if (seen.has(expr)) return null;
    seen.add(expr);
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return null;
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr)) {
      return problem(expr.expression, seen);
    }
    if (ts.isTemplateExpression(expr)) {
      for (const span of expr.templateSpans) {
        const inner = problem(span.expression, seen);
        if (inner) return `template interpolates \${${span.expression.getText()}}: ${inner}`;
      }
      return null;
    }
    if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const inner = problem(expr.left, seen) ?? problem(expr.right, seen);
      return inner ? `concatenation with a value that is not constant: ${inner}` : null;
    }
    if (ts.isConditionalExpression(expr)) {
      // `a ? 'SQL 1' : 'SQL 2'` picks one of two constants: the condition shapes no text.
      return problem(expr.whenTrue, seen) ?? problem(expr.whenFalse, seen);
    }
    if (ts.isIdentifier(expr)) return identifierProblem(expr, seen);
    return `${ts.SyntaxKind[expr.kind]} \`${expr.getText().slice(0, 60)}\` is not a constant`;
  }

  function identifierProblem(id: ts.Identifier, seen: Set<ts.Node>): string | null {
    const found = declarations.get(id.text) ?? [];
    if (found.length !== 1) return `\`${id.text}\` is not one declaration of this file`;
    const decl = found[0]!;
    if (ts.isVariableDeclaration(decl)) {
      const list = decl.parent;
      const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
      if (!isConst) return `\`${id.text}\` is not a const (it can be added to)`;
      if (!decl.initializer) return `\`${id.text}\` has no value`;
      return problem(decl.initializer, seen);
    }
    if (ts.isParameter(decl)) {
      const fn = decl.parent;
      const name = functionName(fn);
      const index = fn.parameters.indexOf(decl);
      const callers = name ? calls.filter((c) => calleeName(c) === name) : [];
      if (callers.length === 0) return `parameter \`${id.text}\` has no caller in this file`;
      for (const call of callers) {
        const arg = call.arguments[index];
        const inner = arg ? problem(arg, seen) : `a call passes no \`${id.text}\``;
        if (inner) return `parameter \`${id.text}\` at line ${lineOf(call)}: ${inner}`;
      }
      return null;
    }
    return `\`${id.text}\` is not a constant`;
  }

  /** Temporal's workflow handle has a `query` too: `getHandle(...).query(q)`, `handle.query(q)`. */
  function isTemporalHandle(receiver: ts.Expression): boolean {
    if (ts.isCallExpression(receiver)) return calleeName(receiver) === 'getHandle';
    return ts.isIdentifier(receiver) && /handle$/i.test(receiver.text);
  }

  for (const call of calls) {
    const callee = call.expression;
    const name = calleeName(call);
    const isQuery =
      name === 'query' && ts.isPropertyAccessExpression(callee) && !isTemporalHandle(callee.expression);
    if (!isQuery && name !== 'literal') continue;
    sinks += 1;
    const sql = call.arguments[0];
    const reason = sql ? problem(sql, new Set()) : null;
    if (reason) findings.push({ file: fileName, line: lineOf(call), call: callee.getText(), reason });
  }
  return { sinks, findings };
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (entry === 'node_modules' || entry.startsWith('.')) return [];
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return typeScriptFiles(path);
    return /\.tsx?$/.test(entry) && !entry.endsWith('.d.ts') ? [path] : [];
  });
}

/** Scans every TypeScript file under `dirs` (relative to `root`). */
export function scanTree(root: string, dirs: readonly string[]): RawSqlScan & { files: number } {
  const files = dirs.flatMap((d) => typeScriptFiles(join(root, d)));
  const total: RawSqlScan & { files: number } = { sinks: 0, findings: [], files: files.length };
  for (const file of files) {
    const scan = scanSource(relative(root, file), readFileSync(file, 'utf8'));
    total.sinks += scan.sinks;
    total.findings.push(...scan.findings);
  }
  return total;
}
