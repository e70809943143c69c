import test from 'ava';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const matrix = readFileSync(join(root, 'docs/security-matrix.md'), 'utf8');
const rows = matrix.split('\n').filter((line) => /^\| SEC-[A-Z]+-\d+\s+\|/.test(line));

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? testFiles(path) : name.endsWith('.test.ts') ? [path] : [];
  });
}
const allTests = testFiles(join(root, 'test')).map((file) => readFileSync(file, 'utf8'));

test('every matrix row names an id that a test title starts with', (t) => {
  t.true(rows.length >= 25);
  for (const row of rows) {
    const id = /SEC-[A-Z]+-\d+/.exec(row)![0];
    const titled = new RegExp(`test(?:\\.serial)?\\(\\s*['"\`]${id}[ :]`);
    t.true(
      allTests.some((source) => titled.test(source)),
      `${id} has no test whose title starts with it`,
    );
  }
});

test('every file or folder a matrix row names exists', (t) => {
  for (const row of rows) {
    for (const [, path] of row.matchAll(/`([a-z][\w./-]*\/[\w./*-]*)`/g)) {
      const [prefix = ''] = path!.split('*');
      const dir = prefix.endsWith('/') ? prefix : prefix.slice(0, prefix.lastIndexOf('/') + 1);
      const found = path!.includes('*')
        ? existsSync(join(root, dir)) &&
          readdirSync(join(root, dir)).some((name) => (dir + name).startsWith(prefix))
        : existsSync(join(root, path!));
      t.true(found, `${path} (in ${row.slice(2, 16)}) does not exist`);
    }
  }
});

test('every SEC id with a titled test has a matrix row', (t) => {
  const listed = new Set(rows.map((row) => /SEC-[A-Z]+-\d+/.exec(row)![0]));
  const tested = new Set(
    allTests.flatMap((source) =>
      [...source.matchAll(/test(?:\.serial)?\(\s*['"`](SEC-[A-Z]+-\d+)[ :]/g)].map((m) => m[1]!),
    ),
  );
  t.deepEqual([...tested].filter((id) => !listed.has(id)).sort(), []);
});
