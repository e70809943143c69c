import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../lib/errors';

/** Where tools/web-build writes the bundled web app (gitignored `dist/`). */
export const WEB_APP_DIST = join(__dirname, '..', '..', '..', 'dist', 'web');

/**
 * The built files, read at their first request and kept: the build runs in scripts/install.sh,
 * scripts/up.sh and scripts/test.sh before the API starts, and an app started before a build
 * (a test that builds in its `before`) still finds them. Missing files answer 503 in words.
 */
export function builtWebFiles(dir = WEB_APP_DIST): (name: string) => Buffer {
  const cache = new Map<string, Buffer>();
  return (name) => {
    const cached = cache.get(name);
    if (cached) return cached;
    let content: Buffer;
    try {
      content = readFileSync(join(dir, name));
    } catch {
      throw new AppError(
        503,
        'WEB_APP_NOT_BUILT',
        'The web app is not built on this server: run `npm run build:web`',
      );
    }
    cache.set(name, content);
    return content;
  };
}
