// Lints the files of a CLI run, one after the other: each with the run of
// its project (one per project and config file), read only when the result
// cache cannot answer for it, fixed with --fix, and checked deeply in the
// background when the project's deep checks have a service.

import * as path from 'node:path';
import { createRun, type RunState } from '../engine/run';
import type { FileResult } from '../engine/lint';
import type { ProjectInfo } from '../engine/project';
import type { CachedFs } from '../engine/fs';
import type { Finding } from '../engine/types';
import type { GarService } from '../gar/service';
import { readSource } from '../workspace/read';
import { SourceTexts } from './sourceTexts';
import type { CliFlags } from './args';
import type { LintCache } from './cache';
import { createMissing, garServiceFor } from './deep';
import { applyFixes } from './fix';
import { engine, lintWorker, pool as poolModule, rules } from './lazy';
import type { FileOutcome, RunSpec, WorkerResult, WorkerTask } from './lintWorker';
import type { LintPool as Pool } from '../workspace/pool';
import { Progress } from './progress';
import { mark } from './timing';
import { configErrorExit, type ProjectFinder } from './projects';

export interface LintFilesInput {
  files: string[];
  flags: CliFlags;
  io: { cwd: string; env: NodeJS.ProcessEnv; stderr: (s: string) => void; stderrIsTTY?: boolean; readStdin?: () => string };
  /** Lint standard input as `files[0]`. */
  useStdin: boolean;
  projects: ProjectFinder;
  fs: CachedFs;
  lintCache: LintCache | undefined;
  /** Lines for stderr after the report. */
  notes: string[];
}

export interface LintFilesResult {
  /** Every file's findings, offline and deep, in file order (not yet sorted across files). */
  findings: Finding[];
  /** The text each finding's file was linted with. */
  sources: Map<string, string>;
  fixedCount: number;
  linted: number;
  runs: RunState[];
}

/** Lints the files; an exit code when a project's config or deep-check setting cannot work. */
export async function lintFiles(o: LintFilesInput): Promise<LintFilesResult | number> {
  const { flags: v, io, useStdin, lintCache, notes } = o;
  const runs = new Map<string, RunState>();
  const garByConfig = new Map<string, GarService | undefined>();
  const runFor = async (p: ProjectInfo): Promise<RunState | number> => {
    const key = p.root + '\0' + (p.configFile ?? '');
    let run = runs.get(key);
    if (run) return run;
    const gar = await garServiceFor(p, v, io, garByConfig);
    if (typeof gar === 'number') return gar;
    run = createRun({ config: p.config, projectRoot: p.root, displayRoot: io.cwd, fs: o.fs, gar, rules: () => rules().ruleSet });
    runs.set(key, run);
    return run;
  };

  const allFindings: Finding[] = [];
  const sources = new SourceTexts();
  let fixedCount = 0;
  let linted = 0;
  const deepJobs: Promise<void>[] = [];

  const progress = new Progress({ enabled: Progress.wanted(!!io.stderrIsTTY, io.env, !!v.quiet), write: io.stderr });
  progress.startFiles(o.files.length);

  // First, each file's project and run, in file order (config errors and
  // deep-check settings are reported as a one-by-one loop would meet them),
  // and which files a result cache cannot answer for: those are the pool's.
  // Files are sorted, so a folder's files are consecutive: its project and
  // run are looked up once per folder, not once per file (thousands of files).
  const plan: Planned[] = [];
  const runIds = new Map<RunState, number>();
  let lastDir: string | undefined;
  let project!: ProjectInfo;
  let lastProject: ProjectInfo | undefined;
  let run!: RunState;
  for (const file of o.files) {
    const dir = path.dirname(file);
    if (dir !== lastDir) {
      try {
        project = o.projects.forDir(dir); // files are absolute here (walked or resolved)
      } catch (e) {
        return configErrorExit(e, io);
      }
      lastDir = dir;
    }
    if (project !== lastProject) {
      const runOrCode = await runFor(project);
      if (typeof runOrCode === 'number') return runOrCode;
      run = runOrCode;
      lastProject = project;
      if (!runIds.has(run)) runIds.set(run, runIds.size);
    }
    let sig: string | undefined;
    if (!useStdin && lintCache) {
      // Unchanged since an earlier run found nothing to lint in it: not read.
      sig = lintCache.signature(file);
      if (lintCache.knownIrrelevant(run, file, sig)) {
        plan.push({ file, run, how: 'known-irrelevant' });
        continue;
      }
    }
    // The pool lints offline only, without --fix, and what no cache entry can answer.
    const pooled = !useStdin && !v.fix && !run.gar && !(lintCache && lintCache.hasEntry(run, file));
    plan.push({ file, run, how: pooled ? 'pool' : 'here', sig });
  }

  const pool = startPool(plan, runIds, io.env, !lintCache, !!v['no-cache']);
  const chunks = new Map<PoolTask, Chunk>();
  for (const item of plan) if (item.chunk) chunks.set(item.chunk.task, item.chunk);
  const own = { runs: new Map<number, RunState>(), fs: o.fs };
  try {
    for (const item of plan) {
      progress.tick();
      const { file } = item;
      run = item.run;
      if (item.how === 'known-irrelevant') {
        linted++;
        continue;
      }
      const isYaml = /\.ya?ml$/i.test(file);
      const lint = (t: string, s?: string): FileResult =>
        lintCache ? lintCache.lint(run, file, t, (view) => engine().lintText(t, file, view, undefined, SKELETON), s) : engine().lintText(t, file, run, undefined, SKELETON);

      const outcome = pool && item.chunk ? await outcomeOf(item, pool, chunks, own) : undefined;
      if (outcome) {
        if (outcome.k === 'irrelevant') {
          if (outcome.sig !== undefined) lintCache?.noteIrrelevant(run, file, outcome.sig);
          linted++;
          continue;
        }
        if (outcome.k === 'skipped') {
          notes.push(`${path.relative(io.cwd, file) || file}: skipped, ${outcome.reason}`);
          continue;
        }
        linted++;
        sources.set(file, outcome.text);
        if (lintCache) lintCache.stats.misses++;
        if (acceptWorkerLint(run, outcome)) {
          const errorsBefore = run.internalErrors.length;
          for (const e of outcome.errors) {
            if (!run.internalErrors.some((x) => x.code === e.code && x.message === e.message)) run.internalErrors.push(e);
          }
          lintCache?.store(run, file, outcome.hash ?? '', outcome.findings, outcome.facts, run.internalErrors.length !== errorsBefore, outcome.sig);
          for (const f of outcome.findings) allFindings.push(f); // not push(...): a file can have 100k+ findings
        } else {
          // Its once() answers depended on files another worker had: linted again here, in order.
          for (const f of lint(outcome.text, outcome.sig).findings) allFindings.push(f);
        }
        continue;
      }

      let text: string;
      let encoding = 'utf-8';
      let bom = false;
      // The file's stat signature, taken before reading it (server/cli/cache.ts).
      const sig = item.sig;
      // Unchanged since its entry was stored (the signature says so): not
      // read; its text only when the report shows its findings' lines.
      const byStat = sig !== undefined && lintCache && !v.fix && !run.gar ? lintCache.lookupBySignature(run, file, sig) : undefined;
      if (byStat) {
        linted++;
        sources.setLazy(file, isYaml);
        for (const f of byStat) allFindings.push(f);
        continue;
      }
      if (useStdin) {
        text = io.readStdin ? io.readStdin() : '';
      } else {
        // Read already by the neighbour scan of a module before it: not read again (not with --fix, see below).
        const r = readSource(file, { yaml: isYaml, known: v.fix ? undefined : o.fs.peekText(file) });
        if (r.kind === 'irrelevant') {
          if (sig !== undefined) lintCache!.noteIrrelevant(run, file, sig);
          linted++;
          continue;
        }
        if (r.kind === 'skipped') {
          notes.push(`${path.relative(io.cwd, file) || file}: skipped, ${r.reason}`);
          continue;
        }
        ({ text, encoding, bom } = r);
        // What the rules' file system would read for it (a module beside another one is scanned): not read
        // twice. Not with --fix, which may write the file before a later module's scan reads it.
        if (encoding === 'utf-8' && !bom && !v.fix) o.fs.noteText(file, text);
      }
      linted++;
      // A hit needs no deep pass (no GAR client in this run) and no fixing.
      const cached = lintCache && !v.fix && !run.gar ? lintCache.lookup(run, file, text, sig) : undefined;
      if (cached) {
        sources.set(file, text);
        for (const f of cached) allFindings.push(f);
        continue;
      }
      // `s`: the signature the text was read under; none for text --fix produced.
      let result = lint(text, sig);
      if (v.fix) {
        const fixed = applyFixes(file, text, result.findings, run, !!v['unsafe-fixes'], encoding, bom, notes, io.cwd, useStdin ? 'stdin' : 'file');
        if (fixed) {
          fixedCount += fixed.count;
          text = fixed.text;
          result = lint(text);
        }
      }
      sources.set(file, text);
      for (const f of result.findings) allFindings.push(f); // not push(...): a file can have 100k+ findings
      if (run.gar && result.decls.length) {
        const t = text;
        // This file's run, fixed now: `run` moves on to the next project while the answer is awaited.
        const fileRun = run;
        deepJobs.push(
          engine().lintDeep(t, file, result.decls, fileRun).then(async (deep) => {
            if (v['create-missing-repositories']) deep = await createMissing(deep, fileRun, notes);
            const merged = engine().mergeDeep(allFindings.filter((f) => f.file === file), deep);
            // In place, linear (splice per finding was quadratic), and no push(...) of 100k+ findings.
            let kept = 0;
            for (const f of allFindings) if (f.file !== file) allFindings[kept++] = f;
            allFindings.length = kept;
            for (const f of merged) allFindings.push(f);
          }),
        );
      }
    }
  } finally {
    await pool?.close();
  }
  await progress.track(deepJobs);
  progress.clear();
  return { findings: allFindings, sources, fixedCount, linted, runs: [...runs.values()] };
}

/** A task as lintFiles gives it to the pool (which adds its id and the runs a worker has not seen). */
type PoolTask = Omit<WorkerTask, 'id' | 'runs'>;
type LintPool = Pool<PoolTask, WorkerResult, RunSpec>;

/** The CLI keeps no tree: it parses skeletons (server/extract/skeleton.ts). */
const SKELETON = { skeleton: true } as const;

/** One file of the run, in file order: how it is linted. */
interface Planned {
  file: string;
  run: RunState;
  /** known-irrelevant: the cache knows it mentions nothing; pool: read and linted by a worker when there is a pool; here: on this thread. */
  how: 'known-irrelevant' | 'pool' | 'here';
  /** The stat signature taken before reading (with a result cache). */
  sig?: string;
  /** The pool task holding the file, and its place in it. */
  chunk?: Chunk;
  at?: number;
}

/** A pool task: files consecutive among the pool's, their outcomes once linted (null: its worker failed; lint them here). */
interface Chunk {
  task: PoolTask;
  outcomes?: FileOutcome[] | null;
  settled: Promise<unknown>;
}

/** Below this many files for the pool, a run stays on this thread (a worker's start-up is ~50 ms of a core). */
export const MIN_POOL_FILES = 200;
/** Files per task: small enough to balance the threads, large enough that messages cost nothing. */
const TASK_FILES = 24;

/**
 * Starts the worker pool when the files for it are many (or IMAGESPEC_JOBS
 * forces a count) and cuts those files into tasks; undefined when
 * everything is linted on this thread. The main thread lints too (it takes
 * tasks no worker has started, pool.ts steal), so N jobs are N-1 workers.
 */
function startPool(plan: Planned[], runIds: Map<RunState, number>, env: NodeJS.ProcessEnv, noResultCache: boolean, noCodeCache: boolean): LintPool | undefined {
  const pooled = plan.filter((p) => p.how === 'pool');
  const forced = env.IMAGESPEC_JOBS !== undefined && env.IMAGESPEC_JOBS !== '';
  if (pooled.length === 0 || (!forced && pooled.length < MIN_POOL_FILES)) return undefined;
  const { jobsWanted, LintPool } = poolModule();
  const jobs = jobsWanted(env);
  if (jobs < 2) return undefined;
  const pool = LintPool.start<PoolTask, WorkerResult, RunSpec>(jobs - 1, {
    noCache: noCodeCache,
    modules: path.join(__dirname, 'lintWorker.js'),
    onReady: (i) => mark(`worker ${i + 1} ready`),
    // A worker's next task waits in its hands: with one, a worker that
    // finished a task idled until this thread, linting a task of its own,
    // let the message in (277 ms of a 1.4 s run on the bench tree; 44 ms with two).
    depth: 2,
  });
  if (!pool) return undefined;
  mark(`pool of ${pool.size} (${pooled.length} files)`);
  for (const [run, id] of runIds) pool.addRun({ id, config: run.config, projectRoot: run.projectRoot, displayRoot: run.displayRoot });
  for (let i = 0; i < pooled.length; i += TASK_FILES) {
    const items = pooled.slice(i, i + TASK_FILES);
    const task: PoolTask = {
      files: items.map((p) => [p.file, runIds.get(p.run)!, /\.ya?ml$/i.test(p.file)]),
      record: !noResultCache,
    };
    const chunk: Chunk = { task, settled: Promise.resolve() };
    // A failed worker: its files are linted on this thread (no unhandled rejection).
    chunk.settled = pool.lint(task).then(
      (r) => (chunk.outcomes ??= r.outcomes),
      () => (chunk.outcomes ??= null),
    );
    items.forEach((p, j) => {
      p.chunk = chunk;
      p.at = j;
    });
  }
  return pool;
}

/**
 * The outcome of a pooled file, or undefined when its worker failed. While
 * its task is not done, this thread lints the tasks no worker has started
 * (with runs of its own, as a worker would: merged later, in order).
 */
async function outcomeOf(item: Planned, pool: LintPool, chunks: Map<PoolTask, Chunk>, own: { runs: Map<number, RunState>; fs: CachedFs }): Promise<FileOutcome | undefined> {
  const chunk = item.chunk!;
  while (chunk.outcomes === undefined) {
    // Let the workers' messages in first ('ready', a finished task): they
    // arrive as events, and a thread that only ever stole the next task
    // synchronously would never see a worker become ready, and lint
    // every file itself.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (chunk.outcomes !== undefined) break;
    const s = pool.steal();
    if (!s) {
      await chunk.settled;
      break;
    }
    const r = lintWorker().runTask({ ...s.task, id: -1, runs: s.runs }, own.runs, own.fs);
    const c = chunks.get(s.task);
    if (c) c.outcomes = r.outcomes;
    s.settle(r);
  }
  return chunk.outcomes?.[item.at!];
}

/**
 * Whether a worker's lint of a file stands as this thread would have made it
 * at this point of the run: every once() answer it got matches the run's
 * (an earlier file in another worker may have claimed a key). Then the keys
 * it claimed are claimed here too.
 */
function acceptWorkerLint(run: RunState, o: Extract<FileOutcome, { k: 'linted' }>): boolean {
  const once = o.facts.once ?? [];
  const claimed = new Set<string>();
  for (const [key, had] of once) {
    if ((run.onceKeys.has(key) || claimed.has(key)) !== had) return false;
    claimed.add(key);
  }
  for (const key of claimed) run.onceKeys.add(key);
  return true;
}
