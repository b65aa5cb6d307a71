// The CLI's start-up (server/cli/loadBundle.ts): which build runs, and the
// V8 code cache it keeps under the cache folder. Real files in temp folders,
// real vm compilation; the bundle here is a small stand-in with the real
// bundle's shape (a CommonJS module exporting run).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cliCacheFlavor, COLD_RUN_FILES, loadCli, type LoadOptions } from '../server/cli/loadBundle';
import { tmpDir } from './helpers/tmp';
import { runCli } from './helpers/cli';
import { generateWorkflowCorpus, writeCorpus } from '../bench/corpus';

const BUILT_LOADER = path.resolve(__dirname, '..', 'dist', 'server', 'cli', 'loadBundle.js');

/**
 * loadCli in a fresh Node process (the built loader, as bin/ runs it): V8
 * consults a code cache only for source it has not compiled in this process.
 */
function loadInChild(d: Dist): { ran: string; cache: string } {
  const script = `const { cli, report } = require(${JSON.stringify(BUILT_LOADER)}).loadCli({ distDir: ${JSON.stringify(d.dist)} });
process.stdout.write(JSON.stringify({ ran: cli.run(['x', 'y']), cache: report.cache }));`;
  const r = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, ...d.env }, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

interface Dist {
  dist: string;
  cache: string;
  env: NodeJS.ProcessEnv;
  bundle: string;
  modules: string;
  /** loadCli with this dist and cache; returns what run() returned and the pending cache write. */
  /** `linted`: what the run tells the loader it linted for real. */
  load: (opts?: Partial<LoadOptions>, linted?: number) => { ran: string; report: ReturnType<typeof loadCli>['report']; write?: () => void };
}

let serial = 0;

function makeDist(): Dist {
  const base = tmpDir('isl-boot-');
  const dist = path.join(base, 'dist');
  const bundle = path.join(dist, 'bundle', 'imagespec-lint.js');
  const modules = path.join(dist, 'server', 'cli', 'main.js');
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  fs.mkdirSync(path.dirname(modules), { recursive: true });
  // Each copy is a distinct module text (require caches by path, vm does not).
  const body = (which: string) =>
    `'use strict';\n// ${which} ${serial++}\nconst helper = (n) => Array.from({ length: n }, (_, i) => i * 2).reduce((a, b) => a + b, 0);\nexports.run = (argv) => '${which}:' + argv.join(',') + ':' + helper(10) + ':' + path.basename(__filename);\nconst path = require('node:path');\n`;
  fs.writeFileSync(modules, body('modules'));
  fs.writeFileSync(bundle, body('bundle'));
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(modules, old, old);
  const cache = path.join(base, 'cache');
  const env = { IMAGESPEC_CACHE_DIR: cache };
  const load = (opts: Partial<LoadOptions> = {}, linted?: number) => {
    let write: (() => void) | undefined;
    const { cli, report, codeCache } = loadCli({ distDir: dist, env, atExit: (w) => (write = w), ...opts });
    const ran = (cli.run as unknown as (a: string[]) => string)(['x', 'y']);
    if (linted !== undefined) codeCache.linted(linted);
    return { ran, report, write };
  };
  return { dist, cache, env, bundle, modules, load };
}

const cacheFiles = (d: Dist): string[] => {
  const dir = path.join(d.cache, 'code-v1');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((n) => path.join(dir, n)) : [];
};

describe('CLI start-up: bundle and code cache', () => {
  it('runs the bundle, stores its compiled code after the first run, and uses it on the next', () => {
    const d = makeDist();
    const first = d.load();
    expect(first.ran).toBe('bundle:x,y:90:imagespec-lint.js');
    expect(first.report).toEqual({ build: 'bundle', cache: 'none' });
    expect(cacheFiles(d)).toEqual([]);
    first.write!();
    const [file] = cacheFiles(d);
    expect(fs.readFileSync(file).subarray(0, 29).toString('latin1')).toBe('imagespec-lint code cache v1 ');
    const second = d.load();
    expect(second.ran).toBe('bundle:x,y:90:imagespec-lint.js');
    expect(second.report).toEqual({ build: 'bundle', cache: 'used' });
    // Nothing to write when the cache was used.
    expect(second.write).toBeUndefined();
    // And a fresh process (nothing compiled yet) takes V8's code from the file.
    expect(loadInChild(d)).toEqual({ ran: 'bundle:x,y:90:imagespec-lint.js', cache: 'used' });
  });

  it('rewrites a cache V8 rejects, and ignores one made for another build of the bundle', () => {
    const d = makeDist();
    d.load().write!();
    const [file] = cacheFiles(d);
    // Same key, corrupt code: V8 refuses it, the run still works, the cache is rewritten.
    const data = fs.readFileSync(file);
    const keyEnd = data.indexOf(10) + 1;
    fs.writeFileSync(file, Buffer.concat([data.subarray(0, keyEnd), Buffer.alloc(data.length - keyEnd, 7)]));
    expect(loadInChild(d)).toEqual({ ran: 'bundle:x,y:90:imagespec-lint.js', cache: 'rejected' });
    // The child rewrote it at exit: a third process uses it.
    expect(fs.readFileSync(file).subarray(keyEnd, keyEnd + 16).equals(Buffer.alloc(16, 7))).toBe(false);
    expect(loadInChild(d).cache).toBe('used');
    // A rebuilt bundle (new size and mtime): the old cache is not even offered to V8.
    fs.appendFileSync(d.bundle, '// rebuilt\n');
    const rebuilt = d.load();
    expect(rebuilt.report.cache).toBe('none');
    rebuilt.write!();
    expect(cacheFiles(d)).toHaveLength(1);
    expect(d.load().report.cache).toBe('used');
  });

  it('a run on named files keeps a code cache of its own beside the default one', () => {
    const d = makeDist();
    d.load().write!();
    const [tree] = cacheFiles(d);
    // The default cache is not offered to a files run: it writes its own.
    const first = d.load({ flavor: 'files' });
    expect(first.report).toEqual({ build: 'bundle', cache: 'none' });
    first.write!();
    const files = cacheFiles(d).filter((f) => f !== tree);
    expect(files.map((f) => path.basename(f))).toEqual([path.basename(tree).replace(/\.bin$/, '-files.bin')]);
    expect(d.load({ flavor: 'files' }).report.cache).toBe('used');
    expect(d.load().report.cache).toBe('used');
    // Which runs are files runs: named Python or YAML files only, whatever the flags.
    expect(cliCacheFlavor(['precommit/workflow_000.py', '--exit-zero', '--no-deep'])).toBe('files');
    expect(cliCacheFlavor(['a.py', 'b.pyi', 'specs/c.yaml', 'D.YML'])).toBe('files');
    expect(cliCacheFlavor([])).toBeUndefined();
    expect(cliCacheFlavor(['.', '--quiet'])).toBeUndefined();
    expect(cliCacheFlavor(['src', 'a.py'])).toBeUndefined();
    expect(cliCacheFlavor(['--output-format', 'json', 'a.py'])).toBeUndefined();
    // Standard input named as a Python file: one file's lint as well.
    expect(cliCacheFlavor(['-', '--stdin-filename', 'x.py'])).toBe('files');
  });

  it('a tree run that linted many files leaves the code cache to a later run; a files run writes it whatever it linted', () => {
    const d = makeDist();
    // A first run over a checkout: everything linted. Its compiled code is not what warm runs need.
    const cold = d.load({}, COLD_RUN_FILES + 1);
    expect(cold.report.cache).toBe('none');
    cold.write!();
    expect(cacheFiles(d)).toEqual([]);
    // The next run, warm (a few files changed), writes it; the one after uses it.
    const warm = d.load({}, COLD_RUN_FILES);
    expect(warm.report.cache).toBe('none');
    warm.write!();
    expect(cacheFiles(d)).toHaveLength(1);
    expect(d.load({}, 0).report.cache).toBe('used');
    // Pre-commit on many changed files: its own cache, written all the same.
    const files = d.load({ flavor: 'files' }, 500);
    files.write!();
    const names = cacheFiles(d).map((f) => path.basename(f));
    expect(names).toHaveLength(2);
    expect(names.filter((n) => n.endsWith('-files.bin'))).toHaveLength(1);
  });

  it('the real CLI: its first run over a tree (every file linted) writes no code cache, the warm run after it does', () => {
    const dir = fs.realpathSync(tmpDir('isl-boot-cli-'));
    fs.mkdirSync(path.join(dir, '.git'));
    writeCorpus(path.join(dir, 'wf'), generateWorkflowCorpus(COLD_RUN_FILES + 8));
    // Outside the linted folder: a cache folder appearing in it would change its listing, which the rules read.
    const cache = tmpDir('isl-boot-cli-cache-');
    const codeCaches = () => (fs.existsSync(path.join(cache, 'code-v1')) ? fs.readdirSync(path.join(cache, 'code-v1')) : []);
    const env = { IMAGESPEC_CACHE_DIR: cache };
    const first = runCli(['.', '--no-deep', '--output-format', 'json'], { cwd: dir, env });
    expect(JSON.parse(first.stdout).summary.files).toBe(COLD_RUN_FILES + 8);
    expect(codeCaches()).toEqual([]);
    const second = runCli(['.', '--no-deep', '--output-format', 'json'], { cwd: dir, env });
    expect(second.stdout).toBe(first.stdout);
    expect(codeCaches()).toHaveLength(1);
  });

  it('--no-cache neither reads nor writes the code cache', () => {
    const d = makeDist();
    const r = d.load({ noCache: true });
    expect(r.report).toEqual({ build: 'bundle', cache: 'off' });
    expect(r.write).toBeUndefined();
    expect(fs.existsSync(d.cache)).toBe(false);
  });

  it('never runs a stale bundle: a per-module build newer than it wins, as does a missing bundle', () => {
    const d = makeDist();
    const now = new Date();
    fs.utimesSync(d.modules, now, now);
    fs.utimesSync(d.bundle, new Date(now.getTime() - 60_000), new Date(now.getTime() - 60_000));
    const stale = d.load();
    expect(stale.ran).toBe('modules:x,y:90:main.js');
    expect(stale.report).toEqual({ build: 'modules', cache: 'off' });
    fs.unlinkSync(d.bundle);
    expect(d.load().report.build).toBe('modules');
  });

  it('runs a bundle that is not ASCII as UTF-8, with its code cache', () => {
    const d = makeDist();
    fs.writeFileSync(d.bundle, `'use strict';\n// caf\u00e9 \u2026\nexports.run = (argv) => 'b\u00fcndle \u{1f600}:' + argv.join(',');\n`);
    const first = d.load();
    expect(first.ran).toBe('b\u00fcndle \u{1f600}:x,y');
    first.write!();
    expect(loadInChild(d)).toEqual({ ran: 'b\u00fcndle \u{1f600}:x,y', cache: 'used' });
  });

  it('the built bundles are ASCII: the loader reads them as one-byte strings', () => {
    const dir = path.resolve(__dirname, '..', 'dist', 'bundle');
    for (const name of ['boot.js', 'imagespec-lint.js', 'imagespec-language-server.js']) {
      const bytes = fs.readFileSync(path.join(dir, name));
      expect({ name, firstNonAscii: bytes.findIndex((b) => b > 0x7f) }).toEqual({ name, firstNonAscii: -1 });
    }
  });

  it('an unwritable cache folder costs only the compile', () => {
    const d = makeDist();
    fs.writeFileSync(d.cache, 'a file where the folder should be');
    const r = d.load();
    expect(() => r.write!()).not.toThrow();
    expect(r.ran).toBe('bundle:x,y:90:imagespec-lint.js');
    expect(d.load().report.cache).toBe('none');
  });
});
