// Diagnostics: lint on open and change, publish (push) or answer
// textDocument/diagnostic (pull), by client capability. Offline rules run
// synchronously and publish at once; deep (Artifact Registry) results arrive
// later and are merged with the offline ones of the same revision, never
// blocking typing. When to lint is lintTimers.ts's business, which trees are
// kept trees.ts's, the workspace scan workspaceScan.ts's.
//
// Ordering guarantees: every result carries the document revision it was
// computed for; nothing is published for a revision older than the last one
// published, and deep results for a revision that has since changed are
// dropped (their previous answers are carried over, moved with the text,
// until the new ones arrive: carryOver.ts).

import { isInside } from '../project/workdir';
import type { Connection, DocumentDiagnosticReport } from 'vscode-languageserver';
import type { ImageDecl } from '../model/decl';
import { createRun, lintDeep, lintText, sortFindings, type InternalError, type RunState } from '../engine/lint';
import type { Finding, RuleSet } from '../engine/types';
import type { DockerConfigInfo } from '../engine/dockerConfig';
import { languageOf } from '../extract';
import type { Doc, DocumentStore } from './documents';
import { isSpecFile, type ProjectConfigs, type ResolvedProject } from './settings';
import type { DeepChecks } from './deep';
import { carryOver } from './carryOver';
import { DockerConfigMemo } from './dockerConfigMemo';
import { DISK, EditorFs, neighbourAnswers } from './editorFs';
import { CachedFs } from '../engine/fs';
import { LintTimers } from './lintTimers';
import { toDiagnostic } from './toDiagnostic';
import { TreeKeeper } from './trees';
import { WorkspaceScan, type DiskPlan } from './workspaceScan';
import { errorText, lintDiskFile, type DiskOutcome } from './workspaceLint';

/** What the last lint of a document found; code actions, hover and links read it. */
export interface LintState {
  uri: string;
  file: string;
  revision: number;
  version: number;
  text: string;
  project: ResolvedProject;
  run: RunState;
  decls: ImageDecl[];
  offline: Finding[];
  /** Deep findings: of `deepRevision`, moved to this revision's text when older. */
  deep: Finding[];
  deepRevision: number;
  /** Increases whenever the published set changes (pull result ids). */
  seq: number;
  /** Files this lint read, with what a module answered then (editorFs.ts). */
  reads: Map<string, string | undefined>;
  /** A file it read has changed since (pull mode: linted again when next asked). */
  stale?: boolean;
}

export interface DiagnosticsOptions {
  connection: Connection;
  docs: DocumentStore;
  projects: ProjectConfigs;
  deep: DeepChecks;
  /** Push or pull, decided at initialize. */
  mode: () => 'push' | 'pull';
  /** The client refreshes pulled diagnostics on request (workspace/diagnostic/refresh). */
  canRefresh: () => boolean;
  /** The rules to run (the server passes the rule set in). */
  ruleSet: RuleSet;
  /** A config file changed (found by the stat check before a lint): the server forgets what it derived and re-lints. */
  onConfigChanged?: () => void;
  /** The workspace folders (paths in messages are shown relative to the one holding the file). */
  folders?: () => readonly string[];
}

export class Diagnostics {
  private states = new Map<string, LintState>();
  private published = new Map<string, number>();
  private reportedErrors = new Set<string>();
  private loggedDetails = new Set<string>();
  private timers = new LintTimers();
  private trees: TreeKeeper;
  private dockerConfig = new DockerConfigMemo();
  /** The workspace folders' files that are not open: workspace/diagnostic, or `lintWorkspace` in push mode. */
  readonly workspace: WorkspaceScan;

  constructor(private o: DiagnosticsOptions) {
    this.trees = new TreeKeeper(o.docs);
    this.workspace = new WorkspaceScan(this, o.docs, o.projects);
  }

  private get connection(): Connection {
    return this.o.connection;
  }

  /** Lint state for the document's current text, linting now if it is stale. */
  current(uri: string): LintState | undefined {
    const doc = this.o.docs.get(uri);
    if (!doc) return undefined;
    const s = this.states.get(uri);
    if (s && s.revision === doc.revision && !s.stale && !this.configChanged(doc.file)) return s;
    return this.lintNow(doc);
  }

  /** The stat check before a lint (ProjectConfigs.configChanged); tells the server once per change. */
  private configChanged(file: string): boolean {
    if (!this.o.projects.configChanged(file)) return false;
    this.o.onConfigChanged?.();
    return true;
  }

  /** The last lint state, however old (completion only borrows aliases from it). */
  peek(uri: string): LintState | undefined {
    return this.states.get(uri);
  }

  /** A document was opened or changed. */
  changed(doc: Doc): void {
    this.timers.cancelDeep(doc.uri);
    this.dependentsChanged(doc);
    if (this.o.mode() === 'pull') {
      // The client asks when it wants them; deep checks still start from here.
      return;
    }
    const uri = doc.uri;
    this.timers.schedule(uri, this.o.projects.options.debounceMs, () => {
      const now = this.o.docs.get(uri);
      if (now) this.lintNow(now);
    });
  }

  /**
   * Re-lints the other open documents whose last lint read this one and
   * would read something else now: any edit of a file that is not a Python
   * module (a requirements file, a Dockerfile), and for a module only an
   * edit that changes what its neighbours read it for (a union import, a
   * builder registered). Editing a module re-lints no neighbour otherwise.
   */
  private dependentsChanged(doc: Doc): void {
    let answers: string | undefined;
    let onDisk: string | undefined;
    let stale = false;
    for (const s of this.states.values()) {
      if (s.uri === doc.uri || !s.reads.has(doc.file)) continue;
      let then = s.reads.get(doc.file);
      if (then === DISK) {
        // Read from disk then: what the file on disk answers (once per edit), remembered as what it read.
        then = onDisk ??= neighbourAnswers(new CachedFs().readText(doc.file) ?? '');
        s.reads.set(doc.file, then);
      }
      if (then !== undefined && then === (answers ??= neighbourAnswers(doc.text))) continue;
      if (this.o.mode() === 'pull') {
        s.stale = stale = true;
        continue;
      }
      const uri = s.uri;
      this.timers.schedule(uri, this.o.projects.options.debounceMs, () => {
        const now = this.o.docs.get(uri);
        if (now) this.lintNow(now);
      });
    }
    if (stale && this.o.canRefresh()) void this.connection.languages.diagnostics.refresh();
  }

  closed(uri: string, file: string): void {
    this.timers.forget(uri);
    this.trees.forget(uri);
    this.states.delete(uri);
    if (this.o.mode() === 'push') {
      if (this.workspace.pushed.has(file)) {
        // Back to the file on disk, as the workspace scan saw it.
        const findings = this.lintFile(file);
        this.publish(uri, undefined, findings ?? []);
      } else this.publish(uri, undefined, []);
    }
    this.published.delete(uri);
  }

  /** Re-lints every open document (settings, config files, Docker config or repositories changed). */
  relintAll(opts: { deep?: boolean } = {}): void {
    if (opts.deep) for (const s of this.states.values()) s.deep = [];
    this.dockerConfig.invalidate();
    for (const doc of this.o.docs.all()) {
      this.states.delete(doc.uri);
      if (this.o.mode() === 'push') this.lintNow(doc);
    }
    if (this.o.mode() === 'pull' && this.o.canRefresh()) void this.connection.languages.diagnostics.refresh();
  }

  /**
   * The folder paths in messages are shown relative to: the innermost
   * workspace folder holding the file (else the one holding its project
   * root); none (null: absolute paths) outside every workspace folder.
   */
  private displayRoot(file: string, project: ResolvedProject): string | null {
    let best: string | null = null;
    const folders = this.o.folders?.() ?? [];
    for (const target of [file, project.root]) {
      if (!target) continue;
      for (const f of folders) {
        if (isInside(f, target) && (best === null || f.length > best.length)) best = f;
      }
      if (best !== null) return best;
    }
    return null;
  }

  private createRun(project: ResolvedProject, file: string, fs = new EditorFs(this.o.docs)): RunState {
    let docker: DockerConfigInfo | undefined;
    return createRun({
      config: project.config,
      projectRoot: project.root,
      displayRoot: this.displayRoot(file, project),
      fs,
      gar: this.o.deep.forConfig(project.config),
      rules: this.o.ruleSet,
      dockerConfig: () => (docker ??= this.dockerConfig.get()),
    });
  }

  private reportInternalErrors(run: { internalErrors: InternalError[] }): void {
    for (const err of run.internalErrors) {
      const key = `${err.code}\0${err.message.split('\n')[0]}`;
      if (this.reportedErrors.has(key)) continue;
      this.reportedErrors.add(key);
      this.connection.console.error(
        `imagespec: internal error in rule ${err.code} (on ${err.file}); its findings are missing, the other rules ran. Please report it: ${err.message}`,
      );
    }
    run.internalErrors.length = 0;
  }

  /** Whether a document is linted at all: Python files, and YAML files its project names in `specs`. */
  private lintable(doc: Doc, project: ResolvedProject): boolean {
    const lang = doc.languageId === 'python' ? 'python' : languageOf(doc.file);
    if (lang === 'python') return true;
    if (lang === 'yaml') return isSpecFile(project, doc.file);
    return false;
  }

  lintNow(doc: Doc): LintState {
    this.timers.cancel(doc.uri);
    this.configChanged(doc.file);
    const project = this.o.projects.forFile(doc.file);
    const editorFs = new EditorFs(this.o.docs);
    const run = this.createRun(project, doc.file, editorFs);
    const prev = this.states.get(doc.uri);
    let decls: ImageDecl[] = [];
    let offline: Finding[] = [];
    if (this.lintable(doc, project)) {
      try {
        const r = lintText(doc.text, doc.file, run, doc.tree);
        doc.tree = r.tree;
        doc.lines = r.lines;
        decls = r.decls;
        offline = r.findings.filter((f) => f.file === doc.file);
      } catch (e) {
        doc.tree = undefined;
        this.reportOnce('lint', e);
        if (prev) {
          decls = prev.decls;
          offline = prev.offline;
        }
      }
      this.reportInternalErrors(run);
    }
    const deep: Finding[] = [];
    if (prev && prev.deep.length && run.gar) {
      for (const f of prev.deep) {
        const moved = prev.revision === doc.revision ? f : carryOver(f, prev.decls, decls);
        if (moved) deep.push(moved);
      }
    }
    const state: LintState = {
      uri: doc.uri,
      file: doc.file,
      revision: doc.revision,
      version: doc.version,
      text: doc.text,
      project,
      run,
      decls,
      offline,
      deep,
      deepRevision: prev?.deepRevision ?? -1,
      seq: (prev?.seq ?? 0) + 1,
      reads: editorFs.reads,
    };
    this.states.set(doc.uri, state);
    if (this.o.mode() === 'push') this.publishState(state);
    if (run.gar && decls.length) {
      const delay = state.deepRevision === -1 ? 0 : this.o.projects.options.deepDebounceMs;
      this.timers.scheduleDeep(doc.uri, delay, () => void this.runDeep(doc.uri, state));
    }
    this.trees.keep(doc);
    return state;
  }

  private async runDeep(uri: string, state: LintState): Promise<void> {
    let found: Finding[];
    try {
      found = await lintDeep(state.text, state.file, state.decls, state.run);
    } catch (e) {
      this.reportOnce('deep', e);
      return;
    }
    this.reportInternalErrors(state.run);
    const now = this.states.get(uri);
    // A newer text has been linted since: these answers are for a text that no longer exists.
    if (now !== state || this.o.docs.get(uri)?.revision !== state.revision) return;
    state.deep = found.filter((f) => f.file === state.file);
    this.logDetails(state.deep);
    state.deepRevision = state.revision;
    state.seq++;
    if (this.o.mode() === 'push') this.publishState(state);
    else if (this.o.canRefresh()) void this.connection.languages.diagnostics.refresh();
  }

  /**
   * A finding's detail (IS205: the gRPC client's raw error text, which the
   * message puts in words) goes to the client's log (window/logMessage),
   * once per finding and text: the diagnostic shows only the message.
   */
  private logDetails(findings: Finding[]): void {
    for (const f of findings) {
      if (!f.detail) continue;
      const key = `${f.file}\0${f.code}\0${f.message}\0${f.detail}`;
      if (this.loggedDetails.has(key)) continue;
      if (this.loggedDetails.size >= 1000) this.loggedDetails.clear();
      this.loggedDetails.add(key);
      this.connection.console.log(`imagespec: ${f.file}:${f.range.start.line + 1}: ${f.code} ${f.message}\n  detail: ${f.detail}`);
    }
  }

  private reportOnce(what: string, e: unknown): void {
    const msg = errorText(e);
    const key = `${what}\0${msg.split('\n')[0]}`;
    if (this.reportedErrors.has(key)) return;
    this.reportedErrors.add(key);
    this.connection.console.error(`imagespec: internal error while linting (${what}), please report it: ${msg}`);
  }

  findings(state: LintState): Finding[] {
    return state.deep.length ? sortFindings([...state.offline, ...state.deep]) : state.offline;
  }

  private publishState(state: LintState): void {
    const last = this.published.get(state.uri);
    if (last !== undefined && last > state.revision) return;
    this.published.set(state.uri, state.revision);
    this.publish(state.uri, state.version, this.findings(state));
  }

  publish(uri: string, version: number | undefined, findings: Finding[]): void {
    void this.connection.sendDiagnostics({ uri, version, diagnostics: findings.map(toDiagnostic) }).catch(() => undefined);
  }

  /** textDocument/diagnostic. */
  pull(uri: string, previousResultId: string | undefined): DocumentDiagnosticReport {
    const state = this.current(uri);
    if (!state) return { kind: 'full', items: [] };
    const resultId = `${state.revision}.${state.seq}`;
    if (previousResultId === resultId) return { kind: 'unchanged', resultId };
    return { kind: 'full', resultId, items: this.findings(state).map(toDiagnostic) };
  }

  /** How a file on disk is linted (its project, whether it is YAML, its display root); undefined when it is not a candidate. */
  diskPlan(file: string): DiskPlan | undefined {
    const project = this.o.projects.forFile(file);
    const lang = languageOf(file);
    if (lang === 'yaml' && !isSpecFile(project, file)) return undefined;
    if (lang === 'other') return undefined;
    return { project, yaml: lang === 'yaml', displayRoot: this.displayRoot(file, project) };
  }

  /**
   * Offline lint of a file on disk, on this thread; undefined when it is not
   * a candidate. `disk`: the disk answers shared by the files of one
   * workspace scan (open documents still win); a cache of its own otherwise.
   */
  lintFile(file: string, disk?: CachedFs): Finding[] | undefined {
    const plan = this.diskPlan(file);
    if (!plan) return undefined;
    return this.diskFindings(lintDiskFile(file, plan.yaml, () => this.createRun(plan.project, file, new EditorFs(this.o.docs, disk)), disk));
  }

  /**
   * A disk lint's outcome as the server reports it: its findings (rule
   * crashes and a failed lint logged once); undefined when the file is not
   * reported. `pooled`: the project of a file a worker linted, whose run
   * this thread did not make: its deep-check service is set up (and logged)
   * as making the run would have.
   */
  diskFindings(o: DiskOutcome, pooled?: DiskPlan): Finding[] | undefined {
    if (pooled && (o.k === 'linted' || o.k === 'crashed')) this.o.deep.forConfig(pooled.project.config);
    switch (o.k) {
      case 'irrelevant':
        return [];
      case 'skipped':
        return undefined;
      case 'crashed':
        this.reportOnce('lint', o.message);
        return undefined;
      case 'linted':
        this.reportInternalErrors({ internalErrors: o.errors });
        return o.findings;
    }
  }

  /** The server's rule set and Docker config, for the workspace lint's tasks on this thread (workspaceLint.ts). */
  get ruleSet(): RuleSet {
    return this.o.ruleSet;
  }

  dockerConfigInfo(): DockerConfigInfo {
    return this.dockerConfig.get();
  }

  /** The server's log (window/logMessage). */
  log(message: string): void {
    this.connection.console.log(`imagespec: ${message}`);
  }

  forgetDockerConfig(): void {
    this.dockerConfig.invalidate();
  }
}
