import { build, stop } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface FrameAssets {
  script: string;
  style: string;
}

/**
 * The frame's script (browser/frame.ts and the shared card rules), bundled in memory when the
 * service starts, so a fresh clone needs no build step and nothing built is checked in.
 */
export async function buildFrameAssets(): Promise<FrameAssets> {
  const result = await build({
    entryPoints: [join(__dirname, 'browser', 'frame.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    tsconfig: join(__dirname, 'browser', 'tsconfig.json'),
    logLevel: 'silent',
  });
  // esbuild's helper process is not needed after this one build.
  await stop();
  const script = result.outputFiles[0]?.text;
  if (!script) throw new Error('esbuild produced no card frame script');
  return { script, style: await readFile(join(__dirname, 'frame.css'), 'utf8') };
}
