// The npm package as users get it: `npm pack` of this working tree, then
// `npm install --omit=dev` of the tarball into an empty folder. The
// tarball holds what the bins need and nothing else; the install brings
// only the native parsers, at the versions package-lock.json pins; both
// bins work from there: imagespec-lint prints for the bundled example
// exactly what this checkout's CLI prints, asks Artifact Registry through
// the bundled client, and the language server answers LSP.
//
// The pack runs in a copy of the working tree with the build `npm test`
// just made (dist/bundle), through the package's own prepack script and
// `npm pack --ignore-scripts`: the `prepare` build would need the dev
// dependencies in the copy. The whole lifecycle, prepare included, runs as
// pre-commit runs it in test/pre-commit.test.ts.
//
// Installing needs the npm registry for what npm's cache lacks (npm
// prefers the cache) and builds tree-sitter with node-gyp where its
// prebuilt binary does not load.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runCliAsync } from './helpers/cli';
import { copyWorkingTree } from './helpers/snapshot';
import { LspClient, uriOf } from './lsp/client';
import { GarTestServer } from './garServer';
import { tmpDir } from './helpers/tmp';

const EXAMPLE = path.join(ROOT, 'examples', 'gar-project');
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string; dev?: boolean }> };
const pkgJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
const npmEnv = { ...process.env, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

let work: string;
let tree: string;
let tarball: string;
let files: string[];
let installed: string;
let bin: { lint: string; server: string };

function npm(args: string[], cwd: string, timeout = 600_000): string {
  const r = spawnSync('npm', args, { cwd, env: npmEnv, encoding: 'utf8', timeout });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  work = tmpDir('isl-package-');
  tree = path.join(work, 'tree');
  fs.mkdirSync(tree);
  copyWorkingTree(tree);
  fs.cpSync(path.join(ROOT, 'dist', 'bundle'), path.join(tree, 'dist', 'bundle'), { recursive: true });
  npm(['run', 'prepack'], tree);
  const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], tree)) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, packed[0].filename);
  files = packed[0].files.map((f) => f.path).sort();
  installed = path.join(work, 'empty');
  fs.mkdirSync(installed);
  npm(['install', '--omit=dev', tarball], installed);
  bin = { lint: path.join(installed, 'node_modules', '.bin', 'imagespec-lint'), server: path.join(installed, 'node_modules', '.bin', 'imagespec-language-server') };
}, 900_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('holds the bins, the bundles, their notices, the shrinkwrap and the docs: no sources, tests or fixtures', () => {
    const bundle = path.join(ROOT, 'dist', 'bundle');
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const expected = [
      'LICENSE',
      'README.md',
      'bin/imagespec-language-server.js',
      'bin/imagespec-lint.js',
      'npm-shrinkwrap.json',
      'package.json',
      ...walk(bundle).map((f) => path.relative(ROOT, f).split(path.sep).join('/')),
    ].sort();
    expect(files).toEqual(expected);
    expect(files).toEqual(
      expect.arrayContaining([
        'dist/bundle/imagespec-lint.js',
        'dist/bundle/imagespec-language-server.js',
        'dist/bundle/node_modules/@google-cloud/artifact-registry/index.js',
        'dist/bundle/node_modules/google-gax/index.js',
        'dist/bundle/THIRD-PARTY-NOTICES.md',
      ]),
    );
    expect(files.filter((f) => /^(test|fixtures|examples|server|rules|scripts|editors|bench)\/|\.ts$/.test(f))).toEqual([]);
  });

  it("depends only on the native parsers, pinned, and ships package-lock.json as its shrinkwrap", () => {
    expect(pkgJson.dependencies).toEqual({ 'tree-sitter': lock.packages['node_modules/tree-sitter'].version, 'tree-sitter-python': lock.packages['node_modules/tree-sitter-python'].version });
    const shrinkwrap = fs.readFileSync(path.join(installed, 'node_modules', 'imagespec-lint', 'npm-shrinkwrap.json'), 'utf8');
    expect(shrinkwrap).toBe(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    // postpack removes it again: left in a checkout it would take over from package-lock.json.
    expect(fs.existsSync(path.join(tree, 'npm-shrinkwrap.json'))).toBe(true);
    npm(['run', 'postpack'], tree);
    expect(fs.existsSync(path.join(tree, 'npm-shrinkwrap.json'))).toBe(false);
  });
});

describe('npm install --omit=dev of the tarball into an empty folder', () => {
  it('installs the package and the native parsers with their build helpers, at the locked versions', () => {
    const modules = path.join(installed, 'node_modules');
    const names = fs.readdirSync(modules).filter((n) => !n.startsWith('.')).sort();
    expect(names).toEqual(['imagespec-lint', 'node-addon-api', 'node-gyp-build', 'tree-sitter', 'tree-sitter-python']);
    for (const name of names.filter((n) => n !== 'imagespec-lint')) {
      const v = (JSON.parse(fs.readFileSync(path.join(modules, name, 'package.json'), 'utf8')) as { version: string }).version;
      expect(v, name).toBe(lock.packages[`node_modules/${name}`].version);
    }
  });

  it('imagespec-lint prints for the example exactly what this checkout prints, with the same exit code', () => {
    const env = { DOCKER_CONFIG: path.join(EXAMPLE, 'no-docker-config-here') };
    const mine = runCli(['--no-cache'], { cwd: EXAMPLE, env });
    const theirs = runCli(['--no-cache'], { cwd: EXAMPLE, env, cli: bin.lint });
    expect(theirs.stderr).toBe('');
    expect(theirs.code).toBe(1);
    expect(theirs.stdout).toBe(mine.stdout);
    expect(theirs.stdout).toMatch(/^workflows\/gar_example\.py:10:89: IS101 /m);
    expect(runCli(['--version'], { cwd: EXAMPLE, cli: bin.lint }).stdout).toBe(`imagespec-lint ${pkgJson.version}\n`);
  });

  it('imagespec-lint --deep asks Artifact Registry through the bundled client', async () => {
    const gar = new GarTestServer();
    await gar.start();
    try {
      gar.addRepository({ project: 'pkg-project', location: 'us-east1', repository: 'images' });
      const dir = fs.mkdtempSync(path.join(work, 'deep-'));
      fs.writeFileSync(path.join(dir, 'pyproject.toml'), `[tool.imagespec-lint.gar]\nendpoint = "${gar.endpoint}"\n`);
      fs.writeFileSync(path.join(dir, 'main.py'), 'from flytekit import ImageSpec\nimage = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/pkg-project/missing")\n');
      const r = await runCliAsync(['--deep', '--no-cache', '--select', 'IS2', '--output-format', 'concise'], { cwd: dir, cli: bin.lint, env: { IMAGESPEC_CACHE_DIR: path.join(dir, '.cache') } });
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^main\.py:2:\d+: IS201 \[error\] /m);
      expect(r.code).toBe(1);
    } finally {
      await gar.stop();
    }
  });

  it('imagespec-language-server initializes and publishes the example diagnostics', async () => {
    const root = fs.mkdtempSync(path.join(work, 'lsp-'));
    fs.cpSync(EXAMPLE, root, { recursive: true });
    fs.mkdirSync(path.join(root, '.git'));
    const c = await LspClient.start({ root, serverBin: bin.server, env: { DOCKER_CONFIG: path.join(root, 'no-docker-config-here') } });
    try {
      expect(c.init.serverInfo).toEqual({ name: 'imagespec-language-server', version: pkgJson.version });
      const file = path.join(root, 'workflows', 'gar_example.py');
      const uri = await c.open(file, fs.readFileSync(file, 'utf8'));
      const diags = await c.diagnostics(uri, { pred: (d) => d.length > 0 });
      const cli = runCli(['--no-cache', '--output-format', 'json'], { cwd: root, env: { DOCKER_CONFIG: path.join(root, 'no-docker-config-here') }, cli: bin.lint });
      const key = (code: unknown, range: unknown) => JSON.stringify([code, range]);
      const expected = (JSON.parse(cli.stdout) as { findings: { code: string; range: unknown }[] }).findings.map((f) => key(f.code, f.range)).sort();
      expect(expected.length).toBeGreaterThan(5);
      expect(diags.map((d) => key(d.code, d.range)).sort()).toEqual(expected);
      expect(uri).toBe(uriOf(file));
    } finally {
      await c.stop();
    }
  });
});
