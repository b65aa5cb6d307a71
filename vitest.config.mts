import * as os from 'node:os';
import * as path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests spawn language servers, gRPC servers and pre-commit; forks keep
    // native modules (tree-sitter) isolated per worker.
    pool: 'forks',
    env: {
      METADATA_SERVER_DETECTION: 'none',
      NO_COLOR: '1',
      // Caches (lint results, Artifact Registry answers) go to a throwaway
      // folder, never the user's ~/.cache; tests that check caching set
      // their own folder.
      IMAGESPEC_CACHE_DIR: path.join(os.tmpdir(), `imagespec-lint-test-cache-${process.pid}`),
    },
  },
});
