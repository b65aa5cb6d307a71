// The language server's lint of a workspace file that is not open, from
// disk (workspaceScan.ts): one function, lintDiskFile, that the scan runs
// on this thread, or that the lint pool's workers (server/workspace/pool.ts)
// and this thread, helping them, run on tasks of consecutive files
// (runWorkspaceTask). Each file gets a run of its own, as it always has in
// the editor (no once() answer crosses files), so a worker's outcome is the
// one this thread would have made and merges in file order as it is.
//
// What a worker cannot see it is sent: the project (config, root, display
// root) and the open documents' texts, which the lint reads instead of the
// files on disk (EditorFs: a requirements file or a neighbour module being
// edited), as they were when the task was made; each outcome names the
// open documents its lint looked at, and the scan lints the file again on
// its own thread if one of them has changed since (workspaceScan.ts).

import { parentPort } from 'node:worker_threads';
import type { Config } from '../engine/config';
import type { DockerConfigInfo } from '../engine/dockerConfig';
import { CachedFs } from '../engine/fs';
import { createRun, lintText, type InternalError, type RunState } from '../engine/lint';
import type { Finding, RuleSet } from '../engine/types';
import { ruleSet } from '../../rules';
import { readSource } from '../workspace/read';
import { DockerConfigMemo } from './dockerConfigMemo';
import { EditorFs, type OpenTexts } from './editorFs';
import { withInjectedFault } from './faultInjection';

/** What a workspace file on disk came to. */
export type DiskOutcome =
  /** It mentions nothing a rule reads: no findings. */
  | { k: 'irrelevant' }
  /** Not read as text (binary, too big, undecodable): not reported. */
  | { k: 'skipped' }
  | { k: 'linted'; findings: Finding[]; errors: InternalError[]; open?: string[] }
  /** The lint threw: reported once, the file not reported. */
  | { k: 'crashed'; message: string; open?: string[] };

/**
 * Reads and lints one file with a run made for it (`makeRun`, given the
 * file system its lint sees): the offline findings in the file itself.
 * `disk`: the scan's disk cache, told the text read, so the neighbour scan
 * of the modules beside it does not read and decode it again (as the CLI's
 * lintFiles and runTask do), and asked for it first.
 */
export function lintDiskFile(file: string, yaml: boolean, makeRun: () => RunState, disk?: CachedFs): DiskOutcome {
  // Read already by the neighbour scan of a module before it in this scan: not read again.
  const src = readSource(file, { yaml, known: disk?.peekText(file) });
  if (src.kind !== 'text') return { k: src.kind === 'irrelevant' ? 'irrelevant' : 'skipped' };
  if (disk && src.encoding === 'utf-8' && !src.bom) disk.noteText(file, src.text);
  const run = makeRun();
  try {
    // Skeleton parse, as the CLI's: a file on disk keeps no tree.
    const r = lintText(src.text, file, run, undefined, SKELETON);
    return { k: 'linted', findings: r.findings.filter((f) => f.file === file), errors: run.internalErrors.slice() };
  } catch (e) {
    return { k: 'crashed', message: errorText(e) };
  }
}

const SKELETON = { skeleton: true } as const;

/** An exception as the server logs it (diagnostics.ts reportOnce). */
export function errorText(e: unknown): string {
  return e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
}

/** A project of the scan as a worker rebuilds its runs: sent once to each worker that needs it. */
export interface WorkspaceRunSpec {
  id: number;
  config: Config;
  projectRoot: string;
  displayRoot: string | null;
  /** [file, text] of every open document, when the task was made. */
  docs: [string, string][];
}

export interface WorkspaceTask {
  id: number;
  /** Runs this worker has not been sent before. */
  runs: WorkspaceRunSpec[];
  /** [absolute path, run id, is YAML] in file order. */
  files: [string, number, boolean][];
}

export interface WorkspaceResult {
  id: number;
  outcomes: DiskOutcome[];
}

/** What a thread keeps between tasks: the runs' specs and open texts, and the Docker config. */
export interface WorkspaceThread {
  specs: Map<number, { spec: WorkspaceRunSpec; docs: OpenTexts }>;
  dockerConfig: () => DockerConfigInfo;
  /** The rule set, as the server's (fault injection included). */
  ruleSet: RuleSet;
  /**
   * The disk as this thread's lints of one scan read it (open documents
   * still win: EditorFs): each file has a run of its own, but config and
   * neighbour files are read once per scan, as the CLI's run reads them.
   * A thread is made per scan, so a later scan reads the disk afresh.
   */
  disk?: CachedFs;
}

/** Lints one task's files (a worker's, or this thread's when it helps the pool). */
export function runWorkspaceTask(task: WorkspaceTask, t: WorkspaceThread): WorkspaceResult {
  for (const spec of task.runs) {
    if (t.specs.has(spec.id)) continue;
    const texts = new Map(spec.docs);
    t.specs.set(spec.id, { spec, docs: { byFile: (f) => (texts.has(f) ? { text: texts.get(f)! } : undefined) } });
  }
  const outcomes: DiskOutcome[] = [];
  for (const [file, runId, yaml] of task.files) {
    const s = t.specs.get(runId);
    if (!s) throw new Error(`workspace lint: unknown run ${runId}`);
    const { spec, docs } = s;
    // The open documents this lint looked at: the scan takes the outcome only if they are as they were.
    const open = new Set<string>();
    const seen: OpenTexts = {
      byFile: (f) => {
        const d = docs.byFile(f);
        if (d) open.add(f);
        return d;
      },
    };
    const disk = (t.disk ??= new CachedFs());
    const o = lintDiskFile(
      file,
      yaml,
      () =>
        createRun({
          config: spec.config,
          projectRoot: spec.projectRoot,
          displayRoot: spec.displayRoot,
          fs: new EditorFs(seen, disk),
          rules: t.ruleSet,
          dockerConfig: t.dockerConfig,
        }),
      disk,
    );
    if (open.size && (o.k === 'linted' || o.k === 'crashed')) o.open = [...open];
    outcomes.push(o);
  }
  return { id: task.id, outcomes };
}

/** The language server's pool worker (started by pool.ts through the server's loader: server.ts lintWorkerMain). */
export function workerMain(): void {
  const port = parentPort;
  if (!port) throw new Error('workspace lint worker: not in a worker thread');
  const memo = new DockerConfigMemo();
  // The server's rule set (server.ts), IMAGESPEC_LS_FAULT_RULE included: the worker has the server's environment.
  const thread: WorkspaceThread = { specs: new Map(), dockerConfig: () => memo.get(), ruleSet: withInjectedFault(ruleSet, process.env) };
  port.on('message', (task: WorkspaceTask) => {
    port.postMessage(runWorkspaceTask(task, thread));
  });
  port.postMessage('ready');
}
