// A pool of lint worker threads, for a front end's lint of many files: the
// CLI's cold path (a run with many files that no result cache answers for:
// server/cli/lintFiles.ts, its worker server/cli/lintWorker.ts) and the
// language server's workspace lint (server/lsp/workspaceScan.ts, its worker
// server/lsp/workspaceLint.ts). Tasks (runs
// of consecutive files) go to whichever worker is ready and free; the main
// thread takes the first task nobody has started whenever it would
// otherwise wait (steal), so a pool whose workers are still starting costs
// nothing, and a small run is over before they are. Each task's promise
// resolves with its files' outcomes, and the caller merges them in file
// order. A worker that fails rejects its tasks; the caller lints those
// files itself. The pool knows nothing of linting: a task is files, each
// with the id of a run (a project, as the caller describes it: sent once to
// each worker that needs it), and a result carries the task's id.
//
// Workers start through the same loader as the front end that starts them
// (bin/imagespec-lint.js, bin/imagespec-language-server.js: its bundle
// through the V8 code cache, which workers read but never write; the
// bundle's lintWorkerMain), or the per-module build's worker module, which
// the caller names.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

/** Set to true by scripts/bundle.js in the single-file bundles. */
declare const __IMAGESPEC_BUNDLE__: boolean | undefined;

/** How workers start. */
export interface StartOptions {
  /** Whose bundle the workers load (this module is in both): the CLI's (default) or the language server's. */
  front?: 'cli' | 'server';
  /** Neither read nor write the code cache (the CLI's --no-cache). */
  noCache: boolean;
  /** The per-module build's worker module (its workerMain() runs the worker), for a build that is not the bundle. */
  modules: string;
  /** Called when worker i (from 0) has loaded our code. */
  onReady?: (i: number) => void;
  /**
   * Tasks in a worker's hands at once (default 1). With 2, a worker has its
   * next task while this thread is busy with a task of its own and cannot
   * hand it one (the language server: its tasks are short, taken between
   * two looks at the editor's messages; the CLI: this thread lints whole
   * tasks of its own between two looks at the workers' messages).
   */
  depth?: number;
}

/** How a worker loads our code: the bundle through boot.js (or directly, without it), or the per-module build. */
type Entry = { boot: string; server: boolean; distDir: string; noCache: boolean } | { bundle: string } | { modules: string };

const BOOT = `'use strict';
const { workerData } = require('node:worker_threads');
const e = workerData;
const o = { distDir: e.distDir, noCache: e.noCache, atExit: () => {} };
if (e.boot) (e.server ? require(e.boot).loadServer(o).server : require(e.boot).loadCli(o).cli).lintWorkerMain();
else if (e.bundle) require(e.bundle).lintWorkerMain();
else require(e.modules).workerMain();
`;

function entry(o: StartOptions): Entry | undefined {
  if (typeof __IMAGESPEC_BUNDLE__ !== 'undefined' && __IMAGESPEC_BUNDLE__) {
    // __filename is the front end's bundle. Without boot.js beside it
    // (bin/imagespec-language-server.js then runs the bundle directly), the
    // worker does the same.
    const boot = path.join(__dirname, 'boot.js');
    if (!fs.existsSync(boot)) return { bundle: __filename };
    return { boot, server: o.front === 'server', distDir: path.join(__dirname, '..'), noCache: o.noCache };
  }
  // Compiled per-module build; under a TypeScript runner (tests) there is no worker file to start.
  if (__filename.endsWith('.js') && o.modules.endsWith('.js')) return { modules: o.modules };
  return undefined;
}

/**
 * The thread count: IMAGESPEC_JOBS when set (1 = no workers), else one per
 * CPU the process may use that is idle: a worker on a core another process
 * keeps busy only adds its start-up and its share of the work done twice
 * (each thread reads the project's files for itself), so the CPUs minus the
 * last minute's load average, rounded, plus this thread, at most the CPUs.
 * A worker loads and compiles our code and tree-sitter for itself (~170-300
 * ms of CPU on a cold run) and reads the folders' facts again. On the 2-core
 * machine that used to be a loss (the bench tree's cold run 1.83 s with a
 * worker vs 1.64 s without): V8's optimizing compiler, one per thread, took
 * the second core. With the CLI's interrupt budget (bin/imagespec-lint.js)
 * the same run measures 1.42-1.47 s with a worker.
 */
export function jobsWanted(env: NodeJS.ProcessEnv, load: number = os.loadavg()[0], cpus: number = cpuCount()): number {
  const forced = Number(env.IMAGESPEC_JOBS);
  if (Number.isInteger(forced) && forced >= 1) return forced;
  return Math.max(1, Math.min(cpus, Math.round(cpus - load) + 1));
}

function cpuCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

interface Slot {
  worker: Worker;
  sent: Set<number>;
  busy: number;
  /** The worker has loaded our code (its first message). */
  ready: boolean;
  failed?: Error;
}

/** What the pool reads of a task as the caller gives it (the pool adds its id and the runs a worker has not seen): its files, each with its run's id. */
export interface BaseTask {
  files: [string, number, ...unknown[]][];
}

interface Pending<T, R> {
  task: T;
  resolve: (r: R) => void;
  reject: (e: Error) => void;
}

/**
 * T: a task as the caller gives it (the worker receives it with `id` and
 * `runs`, the run specs it has not seen); R: a worker's result; S: a run's spec.
 */
export class LintPool<T extends BaseTask, R extends { id: number }, S extends { id: number }> {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending<T, R>[] = [];
  private readonly inFlight = new Map<number, { slot: Slot; p: Pending<T, R> }>();
  private readonly runSpecs = new Map<number, S>();
  private nextId = 0;
  private closed = false;

  private constructor(
    workers: number,
    e: Entry,
    onReady: ((i: number) => void) | undefined,
    private readonly depth: number,
  ) {
    for (let i = 0; i < workers; i++) {
      const worker = new Worker(BOOT, { eval: true, workerData: e, stdout: false, stderr: false });
      const slot: Slot = { worker, sent: new Set(), busy: 0, ready: false };
      worker.on('message', (r: R | 'ready') => {
        if (r === 'ready') {
          slot.ready = true;
          onReady?.(i);
          this.pump();
        } else this.done(slot, r);
      });
      worker.on('error', (err) => this.fail(slot, err));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(slot, new Error(`lint worker exited (${code})`));
      });
      this.slots.push(slot);
    }
  }

  /** A pool of `workers` threads, or undefined when this build cannot start any. */
  static start<T extends BaseTask, R extends { id: number }, S extends { id: number }>(workers: number, o: StartOptions): LintPool<T, R, S> | undefined {
    const e = entry(o);
    if (!e || workers < 1) return undefined;
    try {
      return new LintPool<T, R, S>(workers, e, o.onReady, o.depth ?? 1);
    } catch {
      return undefined;
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** Makes a run known to the pool (sent to each worker with its first task that needs it). */
  addRun(spec: S): void {
    this.runSpecs.set(spec.id, spec);
  }

  /** Lints these files in a worker; the promise rejects if the worker fails. */
  lint(task: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (this.closed) return reject(new Error('lint pool closed'));
      this.queue.push({ task, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    // At most `depth` tasks in flight per worker: the main thread takes the rest itself
    // rather than wait, at the end of a run, for tasks queued in a busy worker.
    while (this.queue.length) {
      const slot = this.slots.find((s) => s.ready && !s.failed && s.busy < this.depth);
      if (!slot) {
        if (this.slots.every((s) => s.failed)) {
          for (const p of this.queue.splice(0)) p.reject(this.slots[0]?.failed ?? new Error('no lint worker'));
        }
        return;
      }
      const p = this.queue.shift()!;
      const id = this.nextId++;
      const runs: S[] = [];
      for (const [, runId] of p.task.files) {
        if (!slot.sent.has(runId)) {
          slot.sent.add(runId);
          const spec = this.runSpecs.get(runId);
          if (!spec) return p.reject(new Error(`lint pool: unknown run ${runId}`));
          runs.push(spec);
        }
      }
      slot.busy++;
      this.inFlight.set(id, { slot, p });
      slot.worker.postMessage({ ...p.task, id, runs });
    }
  }

  /**
   * Takes the first task no worker has started (the one the caller needs
   * soonest), for the caller to run itself and settle; undefined when every
   * task is in a worker's hands.
   */
  steal(): { task: T; runs: S[]; settle: (r: R) => void } | undefined {
    const p = this.queue.shift();
    if (!p) return undefined;
    return { task: p.task, runs: [...this.runSpecs.values()], settle: (r) => p.resolve(r) };
  }

  private done(slot: Slot, r: R): void {
    const f = this.inFlight.get(r.id);
    if (!f) return;
    this.inFlight.delete(r.id);
    slot.busy--;
    f.p.resolve(r);
    this.pump();
  }

  private fail(slot: Slot, err: Error): void {
    if (slot.failed) return;
    slot.failed = err;
    for (const [id, f] of this.inFlight) {
      if (f.slot !== slot) continue;
      this.inFlight.delete(id);
      f.p.reject(err);
    }
    this.pump();
  }

  /** Stops every worker (their pending tasks are rejected). */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('lint pool closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }
}
