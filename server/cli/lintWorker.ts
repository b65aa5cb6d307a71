// A worker thread of the CLI's lint pool (server/workspace/pool.ts): reads, prefilters,
// decodes and lints (parser and offline rules) the files it is handed, in
// the order given, and sends back what the main thread needs to merge the
// results in file order exactly as a single-threaded run would have made
// them (lintFiles.ts): each file's text, findings, the rule crashes it
// caused, the once() answers it got and, when the run has a result cache,
// the facts the cache stores. Nothing here writes a file or prints.

import { parentPort } from 'node:worker_threads';
import { createRun, type InternalError, type RunState } from '../engine/run';
import { CachedFs, statSignature } from '../engine/fs';
import type { Config } from '../engine/config';
import type { Finding } from '../engine/types';
import { readSource } from '../workspace/read';
import { LintCache, recordingView, type Facts } from './cache';
// Loaded only through lazy.ts (a worker, or a main thread helping its pool), so the parser and rules load eagerly here.
import { lintText } from '../engine/lint';
import { ruleSet } from '../../rules';

/** The project a file is linted with, as the worker rebuilds its run. */
export interface RunSpec {
  id: number;
  config: Config;
  projectRoot: string;
  displayRoot: string | null;
}

export interface WorkerTask {
  id: number;
  /** Runs this worker has not been sent before. */
  runs: RunSpec[];
  /** [absolute path, run id, is YAML] in file order. */
  files: [string, number, boolean][];
  /** The run has a result cache: take each file's stat signature first and record the facts its lint consults. */
  record: boolean;
}

export type FileOutcome =
  | { k: 'irrelevant'; sig?: string }
  | { k: 'skipped'; reason: string }
  | {
      k: 'linted';
      text: string;
      sig?: string;
      /** LintCache.hash of the text (record only). */
      hash?: string;
      findings: Finding[];
      /** Rule crashes this file added to the worker's run. */
      errors: InternalError[];
      /** What the lint consulted (fs and Docker facts only with record; once keys always). */
      facts: Facts;
    };

export interface WorkerResult {
  id: number;
  outcomes: FileOutcome[];
}

/** Lints one task's files against the worker's runs (exported for tests). */
export function runTask(task: WorkerTask, runs: Map<number, RunState>, fs: CachedFs): WorkerResult {
  for (const r of task.runs) {
    if (runs.has(r.id)) continue;
    runs.set(r.id, createRun({ config: r.config, projectRoot: r.projectRoot, displayRoot: r.displayRoot, fs, rules: ruleSet }));
  }
  const outcomes: FileOutcome[] = [];
  for (const [file, runId, yaml] of task.files) {
    const run = runs.get(runId);
    if (!run) throw new Error(`lint worker: unknown run ${runId}`);
    const sig = task.record ? statSignature(file) : undefined;
    // Read already by the neighbour scan of a module before it in this worker: not read again.
    const r = readSource(file, { yaml, known: fs.peekText(file) });
    if (r.kind === 'irrelevant') {
      outcomes.push({ k: 'irrelevant', sig });
      continue;
    }
    if (r.kind === 'skipped') {
      outcomes.push({ k: 'skipped', reason: r.reason });
      continue;
    }
    // The neighbour scan of the modules beside it reads it from this file system: not read twice (no --fix here).
    if (r.encoding === 'utf-8' && !r.bom) fs.noteText(file, r.text);
    const rec = recordingView(run, task.record);
    const before = run.internalErrors.length;
    const result = lintText(r.text, file, rec.view, undefined, { skeleton: true }); // the CLI keeps no tree: a skeleton parse
    outcomes.push({
      k: 'linted',
      text: r.text,
      sig,
      hash: task.record ? LintCache.hash(r.text) : undefined,
      findings: result.findings,
      errors: run.internalErrors.slice(before),
      facts: rec.facts(),
    });
  }
  return { id: task.id, outcomes };
}

/** The worker's message loop (started by server/workspace/pool.ts through the CLI's loader). */
export function workerMain(): void {
  const port = parentPort;
  if (!port) throw new Error('lint worker: not in a worker thread');
  const runs = new Map<number, RunState>();
  const fs = new CachedFs();
  port.on('message', (task: WorkerTask) => {
    port.postMessage(runTask(task, runs, fs));
  });
  port.postMessage('ready');
}
