// Where imagespec-lint keeps its caches (lint results, Artifact Registry
// answers, compiled code). Its own module, free of heavy imports, because
// the CLI's start-up code needs it before anything else is loaded.

import * as os from 'node:os';
import * as path from 'node:path';

/** The per-user cache folder: $IMAGESPEC_CACHE_DIR, else the platform's cache home + /imagespec-lint. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.IMAGESPEC_CACHE_DIR) return path.resolve(env.IMAGESPEC_CACHE_DIR);
  const home = env.HOME || os.homedir();
  let base: string;
  if (env.XDG_CACHE_HOME) base = env.XDG_CACHE_HOME;
  else if (platform === 'darwin') base = path.join(home, 'Library', 'Caches');
  else if (platform === 'win32') base = env.LOCALAPPDATA || path.join(home, 'AppData', 'Local');
  else base = path.join(home, '.cache');
  return path.join(base, 'imagespec-lint');
}
