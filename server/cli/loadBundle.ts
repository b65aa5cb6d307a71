// The CLI's start-up (bin/imagespec-lint.js calls loadCli). Node needs
// ~40 ms to compile and run ~240 small modules; the CLI's whole budget on a
// warm run is about that. So the CLI ships as one bundle
// (dist/bundle/imagespec-lint.js, scripts/bundle.js), compiled with V8's
// code cache: the first run stores the compiled code (after running, so the
// functions it called are in it) under the cache folder, later runs skip
// parsing and compiling. What Node 22's module.enableCompileCache does,
// by hand, since we support Node 20.
//
// Falls back to the per-module build (dist/server/cli/main.js) when there
// is no bundle or it is older than that build (tsc run alone after an edit:
// never run stale code). Any cache problem only costs the compile.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { isAscii } from 'node:buffer';
import { createRequire } from 'node:module';
import { defaultCacheDir } from '../util/cacheDir';
import { quickHash } from '../util/quickHash';
import { writeFileAtomic } from '../util/atomicWrite';
import type * as Main from './main';

type CliModule = Pick<typeof Main, 'run' | 'lintWorkerMain'>;

const CACHE_FORMAT = 'imagespec-lint code cache v1';

export interface LoadOptions {
  /** Folder holding bundle/ and server/ (default: this build's dist/). */
  distDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Neither read nor write the code cache (the CLI's --no-cache). */
  noCache?: boolean;
  /** Runs the code-cache write when the process ends (tests call it themselves). */
  atExit?: (write: () => void) => void;
  /**
   * Which of the bundle's code caches: 'files' for a run on named Python or
   * YAML files (a pre-commit run), else the default one. See cliCacheFlavor.
   */
  flavor?: 'files';
}

/**
 * The code cache holds what the run that wrote it compiled: after a run
 * over a whole tree (the first run of a checkout, the result cache empty,
 * all of extraction and the rules), ~940 KB, which every later run
 * deserializes. A run on a few named files (pre-commit) needs ~720 KB of
 * it: it keeps a cache of its own, written by the first such run
 * (measured: ~390 fewer page faults and ~12 ms less CPU per one-file run).
 * From the arguments alone, before anything is loaded: a wrong guess only
 * picks the other cache.
 */
export function cliCacheFlavor(argv: readonly string[]): LoadOptions['flavor'] {
  const named = argv.filter((a) => !a.startsWith('-'));
  return named.length > 0 && named.every((a) => /\.(py|pyi|ya?ml)$/i.test(a)) ? 'files' : undefined;
}

/** What loadCli did, for tests: which build ran and whether the code cache was used. */
export interface LoadReport {
  build: 'bundle' | 'modules';
  cache: 'off' | 'none' | 'used' | 'rejected';
}

/** What a CLI run tells the loader about itself before the code cache is written at exit. */
export interface CodeCacheControl {
  /** How many files the run linted for real (the result cache could not answer for them). */
  linted(count: number): void;
}

/**
 * A tree run (the default cache) that linted more files than this for real
 * does not write the code cache: the cache holds what the run that wrote it
 * compiled, and after a first run over a checkout (the result cache empty:
 * extraction and every rule) that was ~960 KB, which every later warm run
 * deserialized for nothing (~45 ms to load the code instead of ~35 ms with
 * the ~310 KB a warm run writes; measured on the bench tree). Such a run
 * leaves the cache to the next run, usually a warm one. A files run
 * (pre-commit) lints its files whenever they changed: any of them writes.
 */
export const COLD_RUN_FILES = 32;

export function loadCli(opts: LoadOptions = {}): { cli: CliModule; report: LoadReport; codeCache: CodeCacheControl } {
  const { mod, report, skipWrite } = loadBuild<CliModule>('imagespec-lint.js', ['server', 'cli', 'main.js'], opts);
  const codeCache: CodeCacheControl = {
    linted: (count) => {
      if (!opts.flavor && count > COLD_RUN_FILES) skipWrite();
    },
  };
  return { cli: mod, report, codeCache };
}

/** What the language server's bundle exports (server/lsp/server.ts; the CLI does not import the server, not even its types). */
interface ServerModule {
  startServer(): unknown;
  /** A lint pool worker (server/workspace/pool.ts). */
  lintWorkerMain(): void;
}

/**
 * The language server's start-up, the same way (bin/imagespec-language-server.js):
 * an editor waits for its first answer. The code cache is written a few
 * seconds after start (the server then has compiled what its first lint
 * ran), or at exit if sooner; never twice.
 */
export function loadServer(opts: LoadOptions = {}): { server: ServerModule; report: LoadReport } {
  const atExit =
    opts.atExit ??
    ((write: () => void) => {
      let done = false;
      const once = () => {
        if (!done) write();
        done = true;
      };
      setTimeout(once, 3000).unref();
      process.once('exit', once);
    });
  const { mod, report } = loadBuild<ServerModule>('imagespec-language-server.js', ['server', 'lsp', 'server.js'], { ...opts, atExit });
  return { server: mod, report };
}

function loadBuild<T>(bundleName: string, modulePath: string[], opts: LoadOptions): { mod: T; report: LoadReport; skipWrite: () => void } {
  let skip = false;
  const skipWrite = (): void => {
    skip = true;
  };
  const dist = opts.distDir ?? path.join(__dirname, '..', '..');
  const bundle = path.join(dist, 'bundle', bundleName);
  const modules = path.join(dist, ...modulePath);
  const b = fs.statSync(bundle, { throwIfNoEntry: false });
  const m = fs.statSync(modules, { throwIfNoEntry: false });
  if (!b || (m && m.mtimeMs > b.mtimeMs)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the per-module build, by path
    return { mod: require(modules) as T, report: { build: 'modules', cache: 'off' }, skipWrite };
  }
  // Read as bytes: the bundle is ASCII (scripts/bundle.js escapes the rest),
  // which as latin1 is a one-byte string made by a copy; Node's UTF-8 decoder
  // took ~20 ms for the 1.2-1.6 MB bundles (more when one character was not
  // ASCII: a two-byte string). Any other text still decodes as UTF-8.
  const bytes = fs.readFileSync(bundle);
  const src = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const env = opts.env ?? process.env;
  const cacheFile = opts.noCache ? undefined : path.join(defaultCacheDir(env), 'code-v1', `${quickHash(bundle)}${opts.flavor ? `-${opts.flavor}` : ''}.bin`);
  // The key names everything V8's own check does not: the bundle's identity and the runtime.
  const key = `${CACHE_FORMAT} ${quickHash(`${process.version}\0${process.arch}\0${bundle}\0${b.size}:${b.mtimeMs}:${b.ino}`)}\n`;
  const cachedData = cacheFile ? readCache(cacheFile, key) : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${src}\n})`, {
    filename: bundle,
    cachedData,
    // A dynamic import() inside the bundle resolves as it would in a module (Node >= 20.12).
    importModuleDynamically: (vm as unknown as { constants?: { USE_MAIN_CONTEXT_DEFAULT_LOADER?: never } }).constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const mod = { exports: {} as T, id: bundle, filename: bundle, loaded: false };
  (script.runInThisContext() as (...a: unknown[]) => void)(mod.exports, createRequire(bundle), mod, bundle, path.dirname(bundle));
  mod.loaded = true;
  const rejected = !!cachedData && script.cachedDataRejected === true;
  if (cacheFile && (!cachedData || rejected)) {
    // After the run: the code cache then holds the functions this run compiled too.
    (opts.atExit ?? ((w) => process.once('exit', w)))(() => {
      if (!skip) writeCache(cacheFile, key, script);
    });
  }
  return { mod: mod.exports, report: { build: 'bundle', cache: !cacheFile ? 'off' : !cachedData ? 'none' : rejected ? 'rejected' : 'used' }, skipWrite };
}

function readCache(file: string, key: string): Buffer | undefined {
  try {
    const buf = fs.readFileSync(file);
    if (buf.length <= key.length || buf.toString('latin1', 0, key.length) !== key) return undefined;
    return buf.subarray(key.length);
  } catch {
    return undefined;
  }
}

function writeCache(file: string, key: string, script: vm.Script): void {
  try {
    const data = script.createCachedData();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // A concurrent run reads the old cache or the new one, never half.
    writeFileAtomic(file, Buffer.concat([Buffer.from(key, 'latin1'), data]));
  } catch {
    /* an unwritable cache folder only costs the compile next time */
  }
}
