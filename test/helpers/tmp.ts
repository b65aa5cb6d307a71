// Temporary folders for tests: made under the run's own temp folder
// (vitest.config.mts points TMPDIR there) and removed when the test file
// ends, passed or failed (test/setup/cleanup.ts), even after a test made
// them unreadable (chmod 000) or read-only.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made: string[] = [];

/** A fresh folder `PREFIXxxxxxx` in the temp folder, removed after the test file. */
export function tmpDir(prefix = 'isl-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Makes every folder under `dir` writable and searchable again, so it can be removed. */
function unlock(dir: string): void {
  try {
    fs.chmodSync(dir, 0o700);
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) unlock(path.join(dir, e.name));
  } catch {
    /* gone, or not ours */
  }
}

/** Removes every folder tmpDir made in this test file. */
export function removeTmpDirs(): void {
  for (const dir of made.splice(0)) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      unlock(dir);
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    }
  }
}
