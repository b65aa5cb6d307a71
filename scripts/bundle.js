#!/usr/bin/env node
// Builds dist/bundle/imagespec-lint.js: the CLI (dist/server/cli/main.js,
// compiled by tsc first) and the pure-JS packages it uses, in one file.
// One file to resolve, read and compile instead of ~240 modules is most of
// the CLI's start-up time (bin/imagespec-lint.js loads it through a V8 code
// cache, server/cli/loadBundle.ts). Left outside: native parsers (.node
// files cannot be bundled) and the Artifact Registry client (large, loaded
// only for --deep, reads its protos from its own folder).
'use strict';
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const EXTERNAL = ['tree-sitter', 'tree-sitter-python', '@google-cloud/artifact-registry', 'google-gax'];

// The loader itself, with its two helpers, as one module: bin/ requires one
// file instead of three before anything else happens (~0.7 ms).
esbuild.buildSync({
  absWorkingDir: root,
  entryPoints: ['dist/server/cli/loadBundle.js'],
  outfile: 'dist/bundle/boot.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
});

esbuild.buildSync({
  absWorkingDir: root,
  entryPoints: ['dist/server/cli/main.js'],
  outfile: 'dist/bundle/imagespec-lint.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: EXTERNAL,
  // server/cli/cache.ts: one stat of this file identifies the whole build.
  define: { __IMAGESPEC_BUNDLE__: 'true' },
  // Stack traces in bug reports name the TypeScript sources.
  sourcemap: 'linked',
  logLevel: 'warning',
  // gar/client.ts requires the client package by a variable on purpose (lazily).
  logOverride: { 'unsupported-require-call': 'silent' },
});
