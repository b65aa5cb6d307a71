// `npm run bench`: our CLI against `rg -l ImageSpec` on the same tree, in one
// run. The tree is a copy of this machine's Python standard library (without
// site-packages and __pycache__, which are not the standard library's source
// and which the CLI skips anyway) plus 200 generated Flyte workflow modules
// with 1-3 ImageSpec declarations each (bench/corpus.ts
// generateWorkflowCorpus; the stress corpus is for the extraction oracle).
// Both run in the tree on `.`, as a user would. Runs are interleaved (ours,
// rg, ours --no-cache, node -e 0, ...) after one warm-up of each, so all see
// the same page cache; medians are compared against the target: within 4x of
// rg. When NODE_EXTRA_CA_CERTS is set, the runs are repeated without it (Node
// parses that file at every start-up) and both ratios are printed.
//
// Other benches plug in here: bench/lsp.ts and bench/deep.ts, when they
// exist, default-export `run(ctx: BenchContext)`, which prints its own
// section; run.ts calls them after its own section.
//
// Options: --reps N (default 7), --keep (leave the tree in place and print
// its path), --cpu-prof (profile one extra CLI run into bench-profiles/).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateWorkflowCorpus, writeCorpus } from './corpus';

/** What run.ts hands to other benches. */
export interface BenchContext {
  /** Repository root (where package.json is). */
  repoRoot: string;
  /** The bench tree: stdlib copy + generated files. */
  tree: string;
  /** The generated ImageSpec files, absolute paths. */
  corpusFiles: string[];
  reps: number;
  /** Median of a list of numbers. */
  median: (xs: number[]) => number;
  /** Wall time of a child process in ms (throws on spawn failure). */
  timeCommand: (cmd: string, args: string[], opts?: { cwd?: string; env?: NodeJS.ProcessEnv; okCodes?: number[] }) => number;
}

export const TARGET_RATIO = 4;
export const GENERATED_FILES = 200;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function timeCommand(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; okCodes?: number[] } = {}): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  const ok = opts.okCodes ?? [0];
  if (!ok.includes(r.status ?? -1)) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}:\n${String(r.stderr).slice(0, 2000)}`);
  }
  return ms;
}

function stdlibDir(): string {
  const r = spawnSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout.trim()) throw new Error(`cannot locate the Python standard library (python3 failed: ${r.stderr || r.error})`);
  return r.stdout.trim();
}

const SKIP = new Set(['site-packages', 'dist-packages', '__pycache__']);

/** Copies `src` into `dst` (hard links when the file system allows, else copies); no symlinks followed. */
function copyTree(src: string, dst: string, stats: { files: number; bytes: number }, link: { ok: boolean }): void {
  fs.mkdirSync(dst, { recursive: true });
  for (const e of fs.readdirSync(src, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const s = path.join(src, e.name);
    const d = path.join(dst, e.name);
    if (e.isDirectory()) copyTree(s, d, stats, link);
    else if (e.isFile()) {
      if (link.ok) {
        try {
          fs.linkSync(s, d);
        } catch {
          link.ok = false;
        }
      }
      if (!link.ok) fs.copyFileSync(s, d);
      stats.files++;
      stats.bytes += fs.statSync(d).size;
    }
  }
}

export function buildTree(base: string): { tree: string; corpusFiles: string[]; stats: { files: number; bytes: number; pyFiles: number }; linked: boolean; stdlib: string } {
  const stdlib = stdlibDir();
  const tree = path.join(base, 'tree');
  const stats = { files: 0, bytes: 0 };
  const link = { ok: true };
  copyTree(stdlib, path.join(tree, 'stdlib'), stats, link);
  const corpus = generateWorkflowCorpus(GENERATED_FILES);
  const corpusFiles = writeCorpus(path.join(tree, 'imagespec_project'), corpus);
  for (const f of corpus) {
    stats.files++;
    stats.bytes += f.bytes.length;
  }
  let pyFiles = 0;
  const count = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) count(path.join(d, e.name));
      else if (e.name.endsWith('.py') || e.name.endsWith('.pyi')) pyFiles++;
    }
  };
  count(tree);
  return { tree, corpusFiles, stats: { ...stats, pyFiles }, linked: link.ok, stdlib };
}

function hasRg(): boolean {
  const r = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

/** Calls `bench/<name>.ts`'s default-exported run(), if that bench exists. */
async function runPlugin(name: string, ctx: BenchContext): Promise<void> {
  const request = `./${name}`;
  let mod: { default?: (c: BenchContext) => unknown; run?: (c: BenchContext) => unknown };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bench that may not exist yet, loaded by path
    mod = require(request);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    // Only "this bench does not exist" is skipped; a missing module deeper
    // inside an existing bench is a real failure.
    if (err.code === 'MODULE_NOT_FOUND' && err.message.includes(`'${request}'`)) {
      console.log(`\n## ${name}: bench/${name}.ts not present, skipped`);
      return;
    }
    throw e;
  }
  const fn = mod.default ?? mod.run;
  if (typeof fn !== 'function') throw new Error(`bench/${name}.ts must default-export a run(ctx) function`);
  await fn(ctx);
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const repsArg = argv.indexOf('--reps');
  const reps = repsArg !== -1 ? Math.max(1, Number(argv[repsArg + 1]) || 7) : 7;
  const keep = argv.includes('--keep');
  const profile = argv.includes('--cpu-prof');
  const repoRoot = path.resolve(__dirname, '..', '..');
  const cli = path.join(repoRoot, 'bin', 'imagespec-lint.js');

  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'isl-bench-'));
  // The CLI's per-file result cache (server/cli/cache.ts) lives in the bench
  // folder: the cold run starts from an empty cache, and the user's own cache
  // is neither read nor filled.
  const cacheDir = path.join(base, 'cache');
  process.env.IMAGESPEC_CACHE_DIR = cacheDir;
  let status = 0;
  try {
    const t0 = Date.now();
    const { tree, corpusFiles, stats, linked, stdlib } = buildTree(base);
    console.log('## CLI vs ripgrep');
    console.log(`tree: ${tree}`);
    console.log(`  ${stdlib} (without site-packages, __pycache__; ${linked ? 'hard-linked' : 'copied'}) + ${GENERATED_FILES} generated workflow modules (1-3 ImageSpec each)`);
    console.log(`  ${stats.files} files, ${(stats.bytes / 1024 / 1024).toFixed(1)} MiB, ${stats.pyFiles} Python files; built in ${fmt(Date.now() - t0)}`);

    if (!fs.existsSync(cli)) {
      console.log(`our CLI: ${cli} not found; run \`npm run build\` (npm run bench does) — cannot measure`);
      return 1;
    }
    // Both tools run as a user runs them: in the project folder, on `.`
    // (the project root is then the tree, as with a real checkout).
    // --no-deep: the bench measures the offline lint; deep checks would ask
    // Artifact Registry about the generated registries when credentials exist.
    const ours = [cli, '.', '--exit-zero', '--quiet', '--no-deep'];
    const rgArgs = ['-l', 'ImageSpec', '.'];
    const inTree = { cwd: tree };
    const rgOk = hasRg();
    if (!rgOk) console.log('rg: NOT INSTALLED (apt-get install ripgrep); only our figure is measured');

    // Sanity: our run works and rg sees the generated files.
    // The first run on the freshly built tree is the cold figure: the result
    // cache is empty (the deep-check cache is not used with --no-deep), the
    // OS page cache holds the tree only as far as building it left it there.
    const c0 = process.hrtime.bigint();
    const probe = spawnSync(process.execPath, ours, { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 30 });
    const coldOurs = Number(process.hrtime.bigint() - c0) / 1e6;
    if (probe.status !== 0) throw new Error(`our CLI exited ${probe.status}: ${probe.stderr.slice(0, 2000)}`);
    let coldRg: number | undefined;
    if (rgOk) coldRg = timeCommand('rg', rgArgs, inTree);
    const findingLines = probe.stdout.split('\n').filter((l) => /^\S.*:\d+:\d+: IS\d{3}/.test(l)).length;
    console.log(`our CLI: ${findingLines} findings on the tree (the cold run)`);
    if (rgOk) {
      const r = spawnSync('rg', rgArgs, { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 30 });
      const n = r.stdout.split('\n').filter(Boolean).length;
      console.log(`rg: ${n} files contain ImageSpec (warm-up)`);
    }

    /** Interleaved medians of ours (warm), rg, ours --no-cache and `node -e 0` under one environment. */
    const measure = (env: NodeJS.ProcessEnv) => {
      const o = { ...inTree, env };
      const xs = { ours: [] as number[], rg: [] as number[], uncached: [] as number[], node: [] as number[] };
      for (let i = 0; i < reps; i++) {
        xs.ours.push(timeCommand(process.execPath, ours, o));
        if (rgOk) xs.rg.push(timeCommand('rg', rgArgs, o));
        xs.uncached.push(timeCommand(process.execPath, [...ours, '--no-cache'], o));
        xs.node.push(timeCommand(process.execPath, ['-e', '0'], o));
      }
      return { xs, ours: median(xs.ours), rg: rgOk ? median(xs.rg) : NaN, uncached: median(xs.uncached), node: median(xs.node) };
    };
    const m = measure(process.env);
    const cached = fs.existsSync(path.join(cacheDir, 'lint-v2')) ? fs.readdirSync(path.join(cacheDir, 'lint-v2')).length : 0;
    const verdict = (ratio: number) => `${ratio.toFixed(2)}x (target: within ${TARGET_RATIO}x) ${ratio <= TARGET_RATIO ? 'PASS' : 'MISS'}`;
    console.log(`\ncold (first run of each on the fresh tree, one sample each):`);
    console.log(`  ours ${fmt(coldOurs)}${coldRg !== undefined ? `, rg ${fmt(coldRg)}, ratio ours/rg ${verdict(coldOurs / coldRg)}` : ''}`);
    console.log(`warm (interleaved runs after the cold ones; the result cache, ${cached} index file(s) in ${cacheDir}, serves every file the cold run linted):`);
    console.log(`  ours  \`imagespec-lint . --exit-zero --quiet --no-deep\` in the tree: median ${fmt(m.ours)} over ${reps} runs (${m.xs.ours.map(fmt).join(', ')})`);
    console.log(`  ours  the same with --no-cache (parse and lint every candidate file): median ${fmt(m.uncached)} over ${reps} runs (${m.xs.uncached.map(fmt).join(', ')})`);
    if (rgOk) {
      console.log(`  rg    \`rg -l ImageSpec .\` in the tree: median ${fmt(m.rg)} over ${reps} runs (${m.xs.rg.map(fmt).join(', ')})`);
      console.log(`  ratio ours/rg: ${verdict(m.ours / m.rg)}; with --no-cache ${verdict(m.uncached / m.rg)}`);
    }
    console.log(`  \`node -e 0\` alone: median ${fmt(m.node)} (${(m.node / m.rg).toFixed(2)}x rg): Node's own start-up, before any of our code runs`);

    // NODE_EXTRA_CA_CERTS makes Node 20 read and parse that CA bundle at
    // start-up, in every process, before the script is even loaded (tens of
    // ms for a full system bundle). It is a property of the machine, not of
    // the linter, so the same runs are repeated without it, and both are shown.
    if (process.env.NODE_EXTRA_CA_CERTS && rgOk) {
      const env = { ...process.env };
      delete env.NODE_EXTRA_CA_CERTS;
      const w = measure(env);
      console.log(`without NODE_EXTRA_CA_CERTS (set here to ${process.env.NODE_EXTRA_CA_CERTS}; Node parses it at start-up, +${fmt(m.node - w.node)} per process):`);
      console.log(`  ours ${fmt(w.ours)}, rg ${fmt(w.rg)}, \`node -e 0\` ${fmt(w.node)}; ratio ours/rg: ${verdict(w.ours / w.rg)}; with --no-cache ${verdict(w.uncached / w.rg)}`);
    }

    // Where our time goes: the CLI's own phase marks (IMAGESPEC_TIMING=1,
    // server/cli/timing.ts) on one more warm run, and the two halves of the tree.
    const few = Math.min(reps, 3);
    const part = (args: string[]) => median(Array.from({ length: few }, () => timeCommand(process.execPath, args, inTree)));
    const timed = spawnSync(process.execPath, ours, { cwd: tree, env: { ...process.env, IMAGESPEC_TIMING: '1' }, encoding: 'utf8', maxBuffer: 1 << 30 });
    const phases = /timing \(ms since start\): (.*)/.exec(timed.stderr)?.[1];
    if (phases) console.log(`phases of one warm run (ms since the process started): ${phases}`);
    const cliStart = part([cli, '--version']);
    const stdlibOnly = part([cli, 'stdlib', '--exit-zero', '--quiet', '--no-deep']);
    const corpusOnly = part([cli, 'imagespec_project', '--exit-zero', '--quiet', '--no-deep']);
    console.log(`breakdown (medians of ${few}): \`imagespec-lint --version\` ${fmt(cliStart)}, stdlib part only ${fmt(stdlibOnly)}, generated part only (result cache warm) ${fmt(corpusOnly)}`);
    if (rgOk) console.log(`  (rg uses ${os.cpus().length} CPUs; at 4x, our whole budget would be ${fmt(TARGET_RATIO * m.rg)})`);

    if (profile) {
      const dir = path.join(repoRoot, 'bench-profiles');
      fs.mkdirSync(dir, { recursive: true });
      timeCommand(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...ours], inTree);
      console.log(`CPU profile written to ${dir}`);
    }

    const ctx: BenchContext = { repoRoot, tree, corpusFiles, reps, median, timeCommand };
    for (const name of ['lsp', 'deep']) await runPlugin(name, ctx);
  } catch (e) {
    console.error(`bench failed: ${(e as Error).stack ?? e}`);
    status = 1;
  } finally {
    if (keep) console.log(`\n(tree kept at ${base})`);
    else fs.rmSync(base, { recursive: true, force: true });
  }
  return status;
}

if (require.main === module) {
  main().then((code) => process.exit(code));
}
