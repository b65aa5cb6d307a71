// vitest globalSetup: each run has its own temp folder (vitest.config.mts
// makes it and points TMPDIR and the cache folder into it), so a test
// that forgets to clean up cannot litter the machine's /tmp, and runs on one
// machine never see each other's folders. At the end the folder is checked:
// whatever tests left there (besides the cache) is listed, everything is
// removed, and the run FAILS: a test must remove what it creates (through
// test/helpers/tmp.ts). ISL_ALLOW_TMP_LEAKS=1 turns the failure into a
// warning (while debugging a test that keeps its folder on purpose).

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
    const msg = `tests left ${left.length} temp folder(s) behind (removed now): ${left.slice(0, 20).join(', ')}${left.length > 20 ? ', ...' : ''}; make them with test/helpers/tmp.ts tmpDir (ISL_ALLOW_TMP_LEAKS=1 only warns)`;
    if (process.env.ISL_ALLOW_TMP_LEAKS === '1') {
      process.stderr.write(`warning: ${msg}\n`);
      return;
    }
    // A teardown that throws is printed by vitest but leaves the exit code at 0.
    process.stderr.write(`error: ${msg}\n`);
    process.exitCode = 1;
  };
}
