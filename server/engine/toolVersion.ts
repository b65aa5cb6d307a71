// imagespec-lint's own version, from its package.json. Found by walking up
// from this code's folder rather than by a fixed relative path, because the
// same code runs from dist/server/engine/ (per-module build), from
// dist/bundle/ (the CLI bundle) and from server/engine/ (tests).

import * as fs from 'node:fs';
import * as path from 'node:path';

export function toolVersion(from = __dirname): string {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'imagespec-lint' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      /* no package.json here: keep walking up */
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return '0.0.0';
}
