import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests spawn language servers, gRPC servers and pre-commit; forks keep
    // native modules (tree-sitter) isolated per worker.
    pool: 'forks',
    env: { METADATA_SERVER_DETECTION: 'none', NO_COLOR: '1' },
  },
});
