// Lints the workspace folders' files that are not open (the editor has those):
// workspace/diagnostic in pull mode, `lintWorkspace` in push mode. Files are
// found as the CLI finds them (server/workspace/files.ts), linted from disk,
// and the scan yields between files, so it never blocks typing.
//
// With many files, they are linted on the CLI's lint pool
// (server/workspace/pool.ts; IMAGESPEC_JOBS threads, else the CLI's count
// with one CPU left to the editor: workspaceJobs): worker threads take tasks of consecutive files
// (workspaceLint.ts) while this thread takes the tasks no worker has started
// (one small task between two looks at the editor's messages), and the
// outcomes are reported in file order, as this thread alone would have.
// Each file is linted with a run of its own, so nothing a worker found
// depends on another thread's files.

import * as os from 'node:os';
import * as path from 'node:path';
import type { CancellationToken, DocumentDiagnosticReport, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver';
import type { DockerConfigInfo } from '../engine/dockerConfig';
import { FolderProbe } from '../engine/config';
import { CachedFs } from '../engine/fs';
import type { Finding, RuleSet } from '../engine/types';
import { collectFiles } from '../workspace/files';
import type { LintPool } from '../workspace/pool';
import { fileToUri, type DocumentStore } from './documents';
import type { ProjectConfigs, ResolvedProject } from './settings';
import { toDiagnostic } from './toDiagnostic';
import { runWorkspaceTask, type DiskOutcome, type WorkspaceResult, type WorkspaceRunSpec, type WorkspaceTask, type WorkspaceThread } from './workspaceLint';

export interface Progress {
  report(percent: number, message?: string): void;
}

/** How a file on disk is linted (Diagnostics.diskPlan). */
export interface DiskPlan {
  project: ResolvedProject;
  yaml: boolean;
  displayRoot: string | null;
}

/** What the scan needs from the diagnostics. */
export interface ScanHost {
  /** Offline findings of a file on disk, linted on this thread (reading the disk through `disk`); undefined when it is not a candidate. */
  lintFile(file: string, disk?: CachedFs): Finding[] | undefined;
  /** How a file on disk is linted; undefined when it is not a candidate. */
  diskPlan(file: string): DiskPlan | undefined;
  /** A pooled file's outcome as reported (Diagnostics.diskFindings). */
  diskFindings(o: DiskOutcome, pooled: DiskPlan): Finding[] | undefined;
  readonly ruleSet: RuleSet;
  dockerConfigInfo(): DockerConfigInfo;
  log(message: string): void;
  /** textDocument/diagnostic for an open document. */
  pull(uri: string, previousResultId: string | undefined): DocumentDiagnosticReport;
  publish(uri: string, version: number | undefined, findings: Finding[]): void;
}

export class WorkspaceScan {
  /** Files linted by a push-mode scan, whose diagnostics stay after the editor closes them. */
  readonly pushed = new Set<string>();

  constructor(
    private host: ScanHost,
    private docs: DocumentStore,
    private projects: ProjectConfigs,
  ) {}

  async scan(folders: string[], token: CancellationToken | undefined, progress: Progress, onFile: (file: string, findings: Finding[]) => void): Promise<void> {
    const list = this.files(folders);
    const started = Date.now();
    // The disk as this thread's lints of this scan read it: config and neighbour files are read once per scan
    // (each file still has a run of its own; open documents still win). A later scan reads the disk afresh.
    const disk = new CachedFs();
    const pooled = this.startPool(list, disk);
    try {
      let done = 0;
      for (let i = 0; i < list.length; i++) {
        const file = list[i];
        if (token?.isCancellationRequested) return;
        done++;
        if (done % 25 === 0 || done === list.length) progress.report(Math.round((done / list.length) * 100), `${done}/${list.length} files`);
        if (this.docs.byFile(file)) continue;
        const item = pooled?.items[i];
        let findings: Finding[] | undefined;
        if (pooled && item) {
          const outcome = await pooled.outcome(item);
          if (token?.isCancellationRequested) return;
          // Opened while its outcome was awaited: the editor has it now.
          if (this.docs.byFile(file)) continue;
          // A worker that failed, or open documents the lint looked at that changed since: linted here.
          findings = outcome ? this.host.diskFindings(outcome, item.plan) : this.host.lintFile(file, disk);
        } else if (pooled && item === null) {
          continue; // not a candidate
        } else {
          // No pool, or the file was open when the scan started.
          findings = this.host.lintFile(file, disk);
        }
        if (findings === undefined) continue;
        onFile(file, findings);
        // Let requests and changes in between: a scan never blocks typing.
        if (done % 10 === 0) await new Promise((r) => setImmediate(r));
      }
      // How long it took and where (tests read how many files the workers linted).
      const threads = pooled ? `${pooled.pool.size + 1} threads (${pooled.byWorkers} files linted by workers)` : '1 thread';
      this.host.log(`workspace lint: ${list.length} files in ${Date.now() - started} ms on ${threads}`);
    } finally {
      await pooled?.pool.close();
    }
  }

  /** The workspace folders' files, as the CLI would lint them (each nested project's exclude and specs), sorted. */
  private files(folders: string[]): string[] {
    const files = new Set<string>();
    // The walk asks for every folder's project, each a walk up to / (two config
    // names and .git per level): the answers about each folder are shared.
    // The walk runs in one go, so the files cannot change in between as far as the server can tell.
    const probe = new FolderProbe();
    for (const folder of folders) {
      const project = this.projects.forFile(path.join(folder, '__probe__.py'), probe);
      const walk = collectFiles([folder], {
        root: project.root,
        exclude: project.config.exclude,
        specs: project.config.specs,
        // A nested project's own exclude and specs hold below it.
        projectOf: (dir) => {
          const p = this.projects.forFile(path.join(dir, '__probe__.py'), probe);
          return { root: p.root, exclude: p.config.exclude, specs: p.config.specs };
        },
      });
      for (const f of walk.files) files.add(f);
    }
    return [...files].sort();
  }

  /**
   * Starts the lint pool when the files to lint are many (or IMAGESPEC_JOBS
   * forces a count); undefined when the scan lints on this thread alone
   * (one thread wanted, few files, no worker can start).
   */
  private startPool(list: string[], disk: CachedFs): PooledScan | undefined {
    const env = process.env;
    const forced = env.IMAGESPEC_JOBS !== undefined && env.IMAGESPEC_JOBS !== '';
    // Cheap checks first: a small workspace loads no pool module and plans nothing.
    if (list.length === 0 || (!forced && list.length < MIN_POOL_FILES)) return undefined;
    // Loaded for a big scan only (as the language server's lazy.ts does; not through it, which the features' modules import).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { jobsWanted, LintPool } = require('../workspace/pool') as typeof import('../workspace/pool');
    const jobs = workspaceJobs(env, jobsWanted(env), typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
    if (jobs < 2) return undefined;
    // Each file's plan, in file order: null when it is not linted, undefined when it is open now.
    const items: (Item | null | undefined)[] = [];
    const todo: Item[] = [];
    for (const file of list) {
      if (this.docs.byFile(file)) {
        items.push(undefined);
        continue;
      }
      const plan = this.host.diskPlan(file);
      if (!plan) {
        items.push(null);
        continue;
      }
      const item: Item = { file, plan, index: todo.length, at: 0 };
      items.push(item);
      todo.push(item);
    }
    if (todo.length === 0 || (!forced && todo.length < MIN_POOL_FILES)) return undefined;
    const pool = LintPool.start<PoolTask, WorkspaceResult, WorkspaceRunSpec>(jobs - 1, { front: 'server', noCache: false, modules: path.join(__dirname, 'workspaceLint.js'), depth: 2 });
    if (!pool) return undefined;
    return new PooledScan(pool, items, todo, this.docs, { specs: new Map(), ruleSet: this.host.ruleSet, dockerConfig: () => this.host.dockerConfigInfo(), disk });
  }

  /** Push mode with `lintWorkspace`: publish every workspace file's findings. */
  async push(folders: string[], token: CancellationToken | undefined, progress: Progress): Promise<void> {
    await this.scan(folders, token, progress, (file, findings) => {
      this.pushed.add(file);
      if (findings.length) this.host.publish(fileToUri(file), undefined, findings);
    });
  }

  /** workspace/diagnostic: open documents as they are in the editor, then the rest of the workspace. */
  async pull(folders: string[], previous: Map<string, string>, token: CancellationToken, progress: Progress): Promise<WorkspaceDocumentDiagnosticReport[]> {
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    for (const doc of this.docs.all()) {
      const r = this.host.pull(doc.uri, previous.get(doc.uri));
      const version = doc.version;
      items.push(r.kind === 'full' ? { kind: 'full', uri: doc.uri, version, resultId: r.resultId, items: r.items } : { kind: 'unchanged', uri: doc.uri, version, resultId: r.resultId });
    }
    await this.scan(folders, token, progress, (file, findings) => {
      items.push({ kind: 'full', uri: fileToUri(file), version: null, items: findings.map(toDiagnostic) });
    });
    return items;
  }
}

/** At most this many threads for a workspace lint unless IMAGESPEC_JOBS says more: each worker holds its own parser and rules for the scan's length. */
const MAX_THREADS = 4;

/**
 * The workspace lint's thread count (1: no pool): IMAGESPEC_JOBS when set;
 * else the CLI's (`wanted`: one per idle CPU, server/workspace/pool.ts
 * jobsWanted) with one CPU left to the editor the server runs beside, and
 * at most MAX_THREADS. On a 2-core machine: 1 (on the shared 2-core
 * machine, 2 threads were slower than 1 at loads of 5 to 11 and never
 * clearly faster; the editor needs the other core anyway).
 */
export function workspaceJobs(env: NodeJS.ProcessEnv, wanted: number, cpus: number): number {
  const forced = Number(env.IMAGESPEC_JOBS);
  if (Number.isInteger(forced) && forced >= 1) return forced;
  return Math.max(1, Math.min(wanted, cpus - 1, MAX_THREADS));
}

/** Below this many files to lint, the scan stays on this thread (a worker's start-up is ~50-200 ms of a core); as the CLI's MIN_POOL_FILES. */
const MIN_POOL_FILES = 200;
/** Files per task: what this thread lints between two looks at the editor's messages when it helps the workers. */
const TASK_FILES = 10;
/**
 * Tasks made ahead of the file the scan reports next: enough that the
 * workers and this thread are never short of work (8 left the worker idle
 * a third of the time on the bench tree), few enough that a document
 * opened or closed during the scan costs at most this many tasks' files
 * linted again here (their outcomes were made with the documents before).
 */
const LOOKAHEAD = 32;

type PoolTask = Omit<WorkspaceTask, 'id' | 'runs'>;

/** A file the pool lints: its plan, its place among them, and once its task is made, the task and its place in it. */
interface Item {
  file: string;
  plan: DiskPlan;
  index: number;
  chunk?: Chunk;
  at: number;
}

/** A task of the pool: the open documents it was made with, its outcomes once linted (null: its worker failed); `worker`: a worker linted it. */
interface Chunk {
  task: PoolTask;
  docs: Snapshot;
  outcomes?: DiskOutcome[] | null;
  worker?: boolean;
  settled: Promise<unknown>;
}

/** The open documents as a task's lints see them. */
interface Snapshot {
  /** DocumentStore.state when it was taken. */
  state: string;
  /** DocumentStore.openState then. */
  openState: number;
  /** Each open document's revision then. */
  revisions: Map<string, number>;
  /** The run specs made with it, by project and display root. */
  specs: Map<ResolvedProject, Map<string | null, WorkspaceRunSpec>>;
  texts: [string, string][];
}

/**
 * The pool's side of a scan. Tasks are made as the scan goes, a few ahead of
 * the file it reports next (LOOKAHEAD), each with the open documents as they
 * are then: a document opened or typed in during the scan reaches the
 * workers with the next tasks, and an outcome whose lint looked at an open
 * document that has changed since, or that ran before a document was opened
 * or closed, is not taken (the scan lints that file on its own thread, as
 * it would have alone).
 */
class PooledScan {
  private next = 0;
  private chunks = new Map<PoolTask, Chunk>();
  private snapshot: Snapshot | undefined;
  private nextRunId = 0;
  /** Files of tasks a worker linted. */
  byWorkers = 0;

  constructor(
    readonly pool: LintPool<PoolTask, WorkspaceResult, WorkspaceRunSpec>,
    /** Aligned with the file list: an item, null (not linted), undefined (open when the scan started). */
    readonly items: (Item | null | undefined)[],
    private readonly todo: Item[],
    private readonly docs: DocumentStore,
    /** This thread's runs, when it lints tasks itself. */
    private readonly own: WorkspaceThread,
  ) {}

  /** The outcome of a pooled file; undefined when this thread is to lint it (its worker failed, or open documents its lint read changed). */
  async outcome(item: Item): Promise<DiskOutcome | undefined> {
    // Its task and the next few are made (and queued for the workers).
    const until = Math.min(this.todo.length, item.index + 1 + TASK_FILES * LOOKAHEAD);
    while (this.next < until) this.makeTask();
    const chunk = item.chunk!;
    while (chunk.outcomes === undefined) {
      // Let the editor's and the workers' messages in before each task this thread takes.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (chunk.outcomes !== undefined) break;
      const s = this.pool.steal();
      if (!s) {
        await chunk.settled;
        break;
      }
      const r = runWorkspaceTask({ ...s.task, id: -1, runs: s.runs }, this.own);
      const c = this.chunks.get(s.task);
      if (c) c.outcomes = r.outcomes;
      s.settle(r);
    }
    const o = chunk.outcomes?.[item.at];
    return o && this.stillTrue(o, chunk.docs) ? o : undefined;
  }

  /** Whether the open documents the lint looked at are as they were when its task was made. */
  private stillTrue(o: DiskOutcome, snap: Snapshot): boolean {
    if (o.k !== 'linted' && o.k !== 'crashed') return true; // read from disk only
    if (this.docs.state === snap.state) return true;
    if (this.docs.openState !== snap.openState) return false;
    for (const f of o.open ?? []) if (this.docs.byFile(f)?.revision !== snap.revisions.get(f)) return false;
    return true;
  }

  private makeTask(): void {
    const state = this.docs.state;
    if (this.snapshot?.state !== state) {
      const open = this.docs.all();
      this.snapshot = {
        state,
        openState: this.docs.openState,
        revisions: new Map(open.map((d) => [d.file, d.revision])),
        specs: new Map(),
        texts: open.map((d) => [d.file, d.text]),
      };
    }
    const snap = this.snapshot;
    const group = this.todo.slice(this.next, this.next + TASK_FILES);
    const files: [string, number, boolean][] = [];
    for (const it of group) {
      let byRoot = snap.specs.get(it.plan.project);
      if (!byRoot) snap.specs.set(it.plan.project, (byRoot = new Map()));
      let spec = byRoot.get(it.plan.displayRoot);
      if (!spec) {
        spec = { id: this.nextRunId++, config: it.plan.project.config, projectRoot: it.plan.project.root, displayRoot: it.plan.displayRoot, docs: snap.texts };
        byRoot.set(it.plan.displayRoot, spec);
        this.pool.addRun(spec);
      }
      files.push([it.file, spec.id, it.plan.yaml]);
    }
    const chunk: Chunk = { task: { files }, docs: snap, settled: Promise.resolve() };
    // A failed worker: its files are linted on this thread (no unhandled rejection).
    chunk.settled = this.pool.lint(chunk.task).then(
      (r) => {
        if (chunk.outcomes !== undefined) return;
        chunk.outcomes = r.outcomes;
        chunk.worker = true;
        this.byWorkers += files.length;
      },
      () => (chunk.outcomes ??= null),
    );
    group.forEach((it, j) => {
      it.chunk = chunk;
      it.at = j;
    });
    this.chunks.set(chunk.task, chunk);
    this.next += group.length;
  }
}
