#!/usr/bin/env node
// Builds the VS Code extension (editors/vscode) into a .vsix for this
// machine's platform: dist/vsix/imagespec-lint-PLATFORM-VERSION.vsix.
// Needs the server built first (`npm run build`: tsc, then dist/bundle/
// from scripts/bundle.js); `npm test` runs both, then this.
//
// 1. Installs the extension's own build dependencies (editors/vscode's
//    package-lock.json: @vscode/vsce, vscode-languageclient, @types/vscode)
//    when they are missing or the lock changed.
// 2. Type-checks the extension and bundles it with esbuild into
//    editors/vscode/dist/extension.js (vscode-languageclient inside).
// 3. Stages the language server into editors/vscode/server/, laid out as
//    the npm package is: bin/imagespec-language-server.js and dist/bundle/
//    (the server bundle, the bundled Artifact Registry client, their
//    notices), plus node_modules/ with the native parsers (tree-sitter,
//    tree-sitter-python, node-gyp-build) as files, since a .node addon
//    cannot be bundled. The parser binary is the one node-gyp-build loads
//    on this machine: the prebuilt one when it loads here, else the one npm
//    compiled (tree-sitter's linux-x64 prebuild needs GCC 13's libstdc++;
//    the compiled one runs wherever this machine's libstdc++ does). They
//    are Node-API addons, so the same file loads in VS Code's Electron.
// 4. Runs `vsce package --target PLATFORM --no-dependencies`;
//    .vscodeignore keeps the package to the manifest, the extension
//    bundle, server/, README, LICENSE and the notices.
//
// A native addon ties the .vsix to a platform: build it on each platform
// (docs/editors.md shows a CI matrix) and publish each with its target.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { metafileInputs, licenseFile, notices, packageDir } = require('./notices');

const root = path.resolve(__dirname, '..');
const ext = path.join(root, 'editors', 'vscode');
const extModules = path.join(ext, 'node_modules');
const staged = path.join(ext, 'server');
const rootPkg = require(path.join(root, 'package.json'));
const extPkg = require(path.join(ext, 'package.json'));

/** vsce's name for this machine's platform. */
const TARGETS = ['linux-x64', 'linux-arm64', 'linux-armhf', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];
const target = `${process.platform}-${process.arch === 'arm' ? 'armhf' : process.arch}`;

function log(msg) {
  process.stderr.write(`build-vsix: ${msg}\n`);
}

function fail(msg) {
  log(msg);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
}

if (!TARGETS.includes(target)) fail(`no VS Code target for ${target}`);
if (extPkg.version !== rootPkg.version) fail(`editors/vscode/package.json version ${extPkg.version} differs from the server's ${rootPkg.version}`);
const serverBundle = path.join(root, 'dist', 'bundle', 'imagespec-language-server.js');
if (!fs.existsSync(serverBundle)) fail('the server is not built: run `npm run build` first');

// 1. The extension's build dependencies, installed from its lockfile.
const lockSha = require('node:crypto').createHash('sha1').update(fs.readFileSync(path.join(ext, 'package-lock.json'))).digest('hex');
const stamp = path.join(extModules, '.imagespec-lock-sha');
if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== lockSha) {
  log('installing editors/vscode dependencies (npm ci)');
  // npm is npm.cmd on Windows, which Node runs only through a shell.
  run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci', '--no-audit', '--no-fund'], { cwd: ext, shell: process.platform === 'win32' });
  fs.writeFileSync(stamp, lockSha);
}

// 2. The extension: type-checked, then bundled (VS Code provides `vscode`).
log('type-checking editors/vscode');
run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ext, 'tsconfig.json')], { cwd: ext });
fs.rmSync(path.join(ext, 'dist'), { recursive: true, force: true });
const extBuild = require('esbuild').buildSync({
  absWorkingDir: ext,
  entryPoints: ['src/extension.ts'],
  outfile: path.join(ext, 'dist', 'extension.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  metafile: true,
  logLevel: 'warning',
});

// 3. The server, as the npm package lays it out, and the native parsers.
fs.rmSync(staged, { recursive: true, force: true });
copyInto(root, staged, 'bin/imagespec-language-server.js');
const bundleDir = path.join(root, 'dist', 'bundle');
for (const f of ['imagespec-language-server.js', 'boot.js', 'THIRD-PARTY-NOTICES.md', 'node_modules']) copyInto(bundleDir, path.join(staged, 'dist', 'bundle'), f);
const natives = [];
const nodeGypBuild = require(require.resolve('node-gyp-build', { paths: [path.join(root, 'node_modules', 'tree-sitter')] }));
for (const [name, files] of [
  ['tree-sitter', ['index.js']],
  ['tree-sitter-python', ['bindings/node/index.js', 'src/node-types.json']],
]) {
  const dir = packageDir(require.resolve(`${name}/package.json`, { paths: [root] }));
  const binary = nodeGypBuild.path(dir);
  require(binary); // loads on this machine, or the build stops here
  for (const f of ['package.json', ...files, licenseFile(dir), path.relative(dir, binary)].filter(Boolean)) copyInto(dir, path.join(staged, 'node_modules', name), f);
  natives.push(path.join(dir, 'package.json'));
}
const ngbDir = packageDir(require.resolve('node-gyp-build/package.json', { paths: [path.join(root, 'node_modules', 'tree-sitter')] }));
for (const f of ['package.json', 'index.js', 'node-gyp-build.js', licenseFile(ngbDir)].filter(Boolean)) copyInto(ngbDir, path.join(staged, 'node_modules', 'node-gyp-build'), f);
natives.push(path.join(ngbDir, 'package.json'));
// The server's notices are in server/dist/bundle; these cover the rest.
fs.writeFileSync(
  path.join(ext, 'dist', 'THIRD-PARTY-NOTICES.md'),
  notices([...metafileInputs([extBuild], ext), ...natives], 'Third-party software in the extension and its native parsers'),
);
fs.copyFileSync(path.join(root, 'LICENSE'), path.join(ext, 'LICENSE'));

// 4. The package.
const outDir = path.join(root, 'dist', 'vsix');
fs.mkdirSync(outDir, { recursive: true });
const vsix = path.join(outDir, `${extPkg.name}-${target}-${extPkg.version}.vsix`);
fs.rmSync(vsix, { force: true });
log(`packaging ${path.relative(root, vsix)}`);
// vsce lists every file it packs on stdout; its warnings and errors go to stderr.
run(process.execPath, [path.join(extModules, '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--target', target, '--out', vsix], { cwd: ext, stdio: ['ignore', 'ignore', 'inherit'] });
if (!fs.existsSync(vsix)) fail(`vsce wrote no ${vsix}`);
log(`${path.relative(root, vsix)}: ${(fs.statSync(vsix).size / 1024 / 1024).toFixed(1)} MiB`);

function copyInto(fromDir, toDir, rel) {
  const dst = path.join(toDir, rel);
  fs.mkdirSync(path.dirname(dst), { recursive: true });
  fs.cpSync(path.join(fromDir, rel), dst, { recursive: true });
}
