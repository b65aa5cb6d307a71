// vitest globalSetup: each run has its own temp folder (vitest.config.mts
// makes it and points TMPDIR and the cache folder into it), so a test
// that forgets to clean up cannot litter the machine's /tmp, and runs on one
// machine never see each other's folders. At the end the folder is checked:
// whatever tests left there (besides the cache) is listed, then everything
// is removed. ISL_FAIL_ON_TMP_LEAKS=1 makes leftovers fail the run.

import * as fs from 'node:fs';

export default function setup(): () => void {
  const dir = process.env.ISL_TEST_TMP;
  return () => {
    if (!dir || !fs.existsSync(dir)) return;
    const left = fs.readdirSync(dir).filter((n) => n !== 'cache');
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (e) {
      process.stderr.write(`test temp folder ${dir} could not be removed: ${(e as Error).message}\n`);
    }
    if (!left.length) return;
    const msg = `tests left ${left.length} temp folder(s) behind (removed now): ${left.slice(0, 20).join(', ')}${left.length > 20 ? ', ...' : ''}`;
    if (process.env.ISL_FAIL_ON_TMP_LEAKS === '1') throw new Error(msg);
    process.stderr.write(`warning: ${msg}\n`);
  };
}
