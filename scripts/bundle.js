#!/usr/bin/env node
// Builds dist/bundle/, what the npm package and the VS Code extension run
// (after `tsc`, from its output in dist/server):
//
// - imagespec-lint.js: the CLI and the pure-JS packages it uses, in one
//   file. One file to resolve, read and compile instead of ~240 modules is
//   most of the CLI's start-up time (bin/imagespec-lint.js loads it through
//   a V8 code cache, server/cli/loadBundle.ts). boot.js: its loader.
// - imagespec-language-server.js: the language server, the same way.
// - node_modules/@google-cloud/artifact-registry and node_modules/google-gax:
//   the Artifact Registry client as two bundled packages. The bundles
//   above leave it out: it is loaded by name on the first deep check only
//   (server/gar/client.ts), which also takes google-gax from the client's
//   own dependency tree; Node finds both here, beside the bundles.
// - THIRD-PARTY-NOTICES.md: the licence of every package in the bundles.
//
// Left outside, as npm dependencies: the native parsers (tree-sitter,
// tree-sitter-python; a .node file cannot be bundled). Everything else the
// package runs is in these files, built from the versions package-lock.json
// pins, so an install resolves nothing but the parsers.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const { metafileInputs, notices, packageDir } = require('./notices');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'bundle');
const NATIVE = ['tree-sitter', 'tree-sitter-python'];
const CLIENT = ['@google-cloud/artifact-registry', 'google-gax'];
const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', metafile: true };
const results = [];

// The loader itself, with its two helpers, as one module: bin/ requires one
// file instead of three before anything else happens (~0.7 ms).
results.push(esbuild.buildSync({ ...common, entryPoints: ['dist/server/cli/loadBundle.js'], outfile: path.join(out, 'boot.js') }));

for (const [entry, file] of [
  ['dist/server/cli/main.js', 'imagespec-lint.js'],
  ['dist/server/lsp/server.js', 'imagespec-language-server.js'],
]) {
  results.push(
    esbuild.buildSync({
      ...common,
      entryPoints: [entry],
      outfile: path.join(out, file),
      external: [...NATIVE, ...CLIENT],
      // server/cli/cache.ts: one stat of this file identifies the whole build.
      define: { __IMAGESPEC_BUNDLE__: 'true' },
      // Stack traces in bug reports name the TypeScript sources.
      sourcemap: 'linked',
      // Whitespace only (names and syntax as written): 1.25 MB -> 0.88 MB
      // for the CLI. Every start-up reads the bundle and copies it into a
      // string; on a VM where a fresh page costs ~13 us to fault in, that
      // was ~600 pages of a one-file run's ~7,200.
      minifyWhitespace: true,
      // gar/client.ts requires the client package by a variable on purpose (lazily).
      logOverride: { 'unsupported-require-call': 'silent' },
    }),
  );
}

// Two touches to the bundles' text, for start-up time:
// - vscode-jsonrpc requires node:crypto at load for one function (a random
//   pipe name, which stdio never asks for); loading node:crypto costs the
//   language server ~10 ms. It is required on first use instead.
// - The bundles are made ASCII, so that the loader reads them as one-byte
//   strings (server/cli/loadBundle.ts): esbuild escapes every other
//   character in code (charset ascii, its default) but keeps some comments
//   as written; those characters become \u escapes, which mean the same in
//   a comment, string or identifier.
const EAGER_CRYPTO = 'var crypto_1=require("crypto");';
for (const file of ['imagespec-lint.js', 'imagespec-language-server.js', 'boot.js']) {
  const p = path.join(out, file);
  let text = fs.readFileSync(p, 'utf8');
  if (file === 'imagespec-language-server.js') {
    if (text.split(EAGER_CRYPTO).length !== 2) throw new Error(`bundle: ${file} should hold vscode-jsonrpc's \`${EAGER_CRYPTO}\` once (update scripts/bundle.js)`);
    text = text.replace(EAGER_CRYPTO, 'var crypto_1 = { get randomBytes() { return require("crypto").randomBytes; } };');
  }
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  fs.writeFileSync(p, text);
}

// The Artifact Registry client. google-gax stays a package of its own so
// that the client and gar/client.ts share one instance (one grpc-js). The
// client also requires one file inside google-gax by path: a shim there
// hands out the same export of the bundled google-gax.
const GAX_SUBPATHS = {
  'build/src/protobuf': "module.exports = { protobufMinimal: require('../../index.js').protobufMinimal };\n",
};
const clientEntry = require.resolve(CLIENT[0], { paths: [root] });
const gaxEntry = require.resolve(CLIENT[1], { paths: [packageDir(clientEntry)] });
fs.rmSync(path.join(out, 'node_modules'), { recursive: true, force: true });
for (const [name, entry, external] of [
  [CLIENT[0], clientEntry, [CLIENT[1]]],
  [CLIENT[1], gaxEntry, []],
]) {
  const dir = path.join(out, 'node_modules', name);
  results.push(esbuild.buildSync({ ...common, entryPoints: [entry], outfile: path.join(dir, 'index.js'), external }));
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir(entry), 'package.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version, main: 'index.js', description: `${name} ${version}, bundled by imagespec-lint (THIRD-PARTY-NOTICES.md)` }, null, 2) + '\n');
}
for (const [sub, code] of Object.entries(GAX_SUBPATHS)) {
  const file = path.join(out, 'node_modules', CLIENT[1], `${sub}.js`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, code);
}
// Anything else the client asks of google-gax by path would be missing in
// the package (in a checkout Node would quietly find the real one in
// node_modules): stop the build instead.
const clientCode = fs.readFileSync(path.join(out, 'node_modules', CLIENT[0], 'index.js'), 'utf8');
for (const m of clientCode.matchAll(/require\("google-gax\/([^"]+)"\)/g)) {
  if (!(m[1] in GAX_SUBPATHS)) throw new Error(`bundle: ${CLIENT[0]} requires google-gax/${m[1]}, which the bundled google-gax does not provide (add it to GAX_SUBPATHS)`);
}

fs.writeFileSync(path.join(out, 'THIRD-PARTY-NOTICES.md'), notices(metafileInputs(results, root), 'Third-party software in dist/bundle'));
