import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defineConfig } from 'vitest/config';

// The run's own temp folder (test/setup/tmpRun.ts checks and removes it at
// the end): TMPDIR points there for every test and every process tests
// start, and the caches live in it.
process.env.ISL_TEST_TMP ??= fs.mkdtempSync(path.join(os.tmpdir(), 'isl-run-'));
const RUN_TMP = process.env.ISL_TEST_TMP;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests spawn language servers, gRPC servers and pre-commit; forks keep
    // native modules (tree-sitter) isolated per worker.
    pool: 'forks',
    globalSetup: ['./test/setup/tmpRun.ts'],
    setupFiles: ['./test/setup/cleanup.ts'],
    env: {
      METADATA_SERVER_DETECTION: 'none',
      NO_COLOR: '1',
      TMPDIR: RUN_TMP,
      // Caches (lint results, Artifact Registry answers) go to a throwaway
      // folder, never the user's ~/.cache; tests that check caching set
      // their own folder.
      IMAGESPEC_CACHE_DIR: path.join(RUN_TMP, 'cache'),
    },
  },
});
