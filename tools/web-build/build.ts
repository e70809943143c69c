import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** What api/routes/web serves (api/routes/web/web-files.ts reads the same directory). */
export const WEB_OUT_DIR = join(ROOT, 'dist', 'web');
const SOURCES = join(ROOT, 'web');

/**
 * Issue 21: bundles the customer web app (web/src, TypeScript, plain DOM) into one script and
 * copies its page and stylesheet next to it. One file each, so the page's CSP can stay at
 * `script-src 'self'; style-src 'self'` with nothing inline.
 */
export async function buildWebApp(outDir = WEB_OUT_DIR): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(SOURCES, 'src', 'main.ts')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    tsconfig: join(SOURCES, 'tsconfig.json'),
    legalComments: 'none',
    logLevel: 'warning',
  });
  copyFileSync(join(SOURCES, 'index.html'), join(outDir, 'index.html'));
  copyFileSync(join(SOURCES, 'app.css'), join(outDir, 'app.css'));
}

if (require.main === module) {
  buildWebApp().then(
    () => console.log(`web app built into ${WEB_OUT_DIR}`),
    (err: unknown) => {
      console.error('web app build failed:', err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
