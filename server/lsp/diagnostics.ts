// Diagnostics: lint on open and change, publish (push) or answer
// textDocument/diagnostic and workspace/diagnostic (pull), by client
// capability. Offline rules run synchronously and publish at once; deep
// (Artifact Registry) results arrive later and are merged with the offline
// ones of the same revision, never blocking typing.
//
// Ordering guarantees: every result carries the document revision it was
// computed for; nothing is published for a revision older than the last one
// published, and deep results for a revision that has since changed are
// dropped (their previous answers are carried over, moved with the text,
// until the new ones arrive, so squiggles do not flicker while typing).

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DiagnosticSeverity,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import type { ImageDecl } from '../model/decl';
import type { Range } from '../model/position';
import { createRun, lintDeep, lintText, sortFindings, type RunState } from '../engine/lint';
import type { Finding, RuleSet, Severity } from '../engine/types';
import { CachedFs, type EntryKind, type ProjectFs } from '../engine/fs';
import type { DockerConfigInfo } from '../engine/dockerConfig';
import { dockerConfigPath, readDockerConfig } from '../engine/dockerConfigFile';
import { languageOf } from '../extract';
import { parsePython, walkedLightly } from '../extract/python';
import { collectFiles } from '../workspace/files';
import { readSource } from '../workspace/read';
import { fileToUri, type Doc, type DocumentStore } from './documents';
import { isSpecFile, type ProjectConfigs, type ResolvedProject } from './settings';
import type { DeepChecks } from './deep';

import { ruleDocsUrl } from '../engine/docsUrl';
export { ruleDocsUrl };

export const DIAGNOSTIC_SOURCE = 'imagespec';

/** Changes closer together than this are a burst... */
const BURST_GAP_MS = 4;
/** ...linted together after this delay. */
const BURST_DELAY_MS = 8;
/** Documents that keep a syntax tree for incremental re-parsing. */
const KEEP_TREES = 8;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: ruleDocsUrl(f.code) },
    source: DIAGNOSTIC_SOURCE,
    message: f.message,
  };
}

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
}

/** Files the rules see: open documents as the editor has them, the rest from disk. */
class EditorFs implements ProjectFs {
  private disk = new CachedFs();
  constructor(private docs: DocumentStore) {}
  kind(p: string): EntryKind {
    return this.docs.byFile(path.resolve(p)) ? 'file' : this.disk.kind(p);
  }
  list(dir: string): string[] {
    return this.disk.list(dir);
  }
  readText(p: string): string | undefined {
    const d = this.docs.byFile(path.resolve(p));
    return d ? d.text : this.disk.readText(p);
  }
}

/** The Docker config, re-read only when the file changes (clients without file watching included). */
class DockerConfigMemo {
  private key = '';
  private info: DockerConfigInfo | undefined;
  get(): DockerConfigInfo {
    const p = dockerConfigPath();
    let key: string;
    try {
      const st = fs.statSync(p);
      key = `${p}\0${st.mtimeMs}\0${st.size}`;
    } catch {
      key = `${p}\0missing`;
    }
    if (!this.info || key !== this.key) {
      this.info = readDockerConfig();
      this.key = key;
    }
    return this.info;
  }
  invalidate(): void {
    this.info = undefined;
  }
}

/** Moves a deep finding computed on an older text to the same registry value in the new text, or drops it. */
function carryOver(f: Finding, oldDecls: ImageDecl[], newDecls: ImageDecl[]): Finding | undefined {
  const inRange = (r: Range, x: Range) =>
    (r.start.line < x.start.line || (r.start.line === x.start.line && r.start.character <= x.start.character)) &&
    (x.end.line < r.end.line || (x.end.line === r.end.line && x.end.character <= r.end.character));
  for (let i = 0; i < oldDecls.length && i < newDecls.length; i++) {
    for (const arg of oldDecls[i].fields) {
      const ov = arg.value;
      if (!inRange(ov.range, f.range)) continue;
      const nv = newDecls[i].fields.find((a) => a.name === arg.name)?.value;
      if (!nv || nv.kind !== ov.kind || JSON.stringify((nv as { value?: unknown }).value) !== JSON.stringify((ov as { value?: unknown }).value)) return undefined;
      const dl = nv.range.start.line - ov.range.start.line;
      const dc = nv.range.start.character - ov.range.start.character;
      const move = (p: { line: number; character: number }) => ({
        line: p.line + dl,
        character: p.line === ov.range.start.line ? p.character + dc : p.character,
      });
      return { ...f, range: { start: move(f.range.start), end: move(f.range.end) } };
    }
  }
  return undefined;
}

export class Diagnostics {
  private states = new Map<string, LintState>();
  private timers = new Map<string, { timer: NodeJS.Timeout | NodeJS.Immediate; immediate: boolean }>();
  private deepTimers = new Map<string, NodeJS.Timeout>();
  private published = new Map<string, number>();
  private lastChange = new Map<string, number>();
  private treeOwners: string[] = [];
  private reportedErrors = new Set<string>();
  private dockerConfig = new DockerConfigMemo();
  /** Files linted by a workspace scan (push mode), whose diagnostics stay after close. */
  private workspaceFiles = new Set<string>();

  constructor(private o: DiagnosticsOptions) {}

  private get connection(): Connection {
    return this.o.connection;
  }

  /** Lint state for the document's current text, linting now if it is stale. */
  current(uri: string): LintState | undefined {
    const doc = this.o.docs.get(uri);
    if (!doc) return undefined;
    const s = this.states.get(uri);
    if (s && s.revision === doc.revision) return s;
    return this.lintNow(doc);
  }

  /** The last lint state, however old (completion only borrows aliases from it). */
  peek(uri: string): LintState | undefined {
    return this.states.get(uri);
  }

  /** A document was opened or changed. */
  changed(doc: Doc): void {
    const dt = this.deepTimers.get(doc.uri);
    if (dt) {
      clearTimeout(dt);
      this.deepTimers.delete(doc.uri);
    }
    if (this.o.mode() === 'pull') {
      // The client asks when it wants them; deep checks still start from here.
      return;
    }
    this.schedule(doc.uri);
  }

  /**
   * One pending lint covers every change before it runs. A change after a
   * pause lints on the next turn of the event loop (typing gets diagnostics
   * at once); changes that follow each other within a few milliseconds (a
   * flood, a paste, a macro, a client replaying edits) are linted together
   * a few milliseconds later instead of once each.
   */
  private schedule(uri: string): void {
    const now = performance.now();
    const gap = now - (this.lastChange.get(uri) ?? -Infinity);
    this.lastChange.set(uri, now);
    if (this.timers.has(uri)) return;
    const configured = this.o.projects.options.debounceMs;
    const ms = configured > 0 ? configured : gap < BURST_GAP_MS ? BURST_DELAY_MS : 0;
    const run = () => {
      this.timers.delete(uri);
      const doc = this.o.docs.get(uri);
      if (doc) this.lintNow(doc);
    };
    if (ms > 0) this.timers.set(uri, { timer: setTimeout(run, ms), immediate: false });
    else this.timers.set(uri, { timer: setImmediate(run), immediate: true });
  }

  private cancelPending(uri: string): void {
    const t = this.timers.get(uri);
    if (t) {
      if (t.immediate) clearImmediate(t.timer as NodeJS.Immediate);
      else clearTimeout(t.timer as NodeJS.Timeout);
      this.timers.delete(uri);
    }
    const dt = this.deepTimers.get(uri);
    if (dt) {
      clearTimeout(dt);
      this.deepTimers.delete(uri);
    }
  }

  closed(uri: string, file: string): void {
    this.cancelPending(uri);
    this.lastChange.delete(uri);
    this.treeOwners = this.treeOwners.filter((u) => u !== uri);
    this.states.delete(uri);
    if (this.o.mode() === 'push') {
      if (this.workspaceFiles.has(file)) {
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

  private createRun(project: ResolvedProject): RunState {
    let docker: DockerConfigInfo | undefined;
    return createRun({
      config: project.config,
      projectRoot: project.root,
      fs: new EditorFs(this.o.docs),
      gar: this.o.deep.forConfig(project.config),
      rules: this.o.ruleSet,
      dockerConfig: () => (docker ??= this.dockerConfig.get()),
    });
  }

  private reportInternalErrors(run: RunState): void {
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
    this.cancelPending(doc.uri);
    const project = this.o.projects.forFile(doc.file);
    const run = this.createRun(project);
    const prev = this.states.get(doc.uri);
    let decls: ImageDecl[] = [];
    let offline: Finding[] = [];
    if (this.lintable(doc, project)) {
      try {
        const r = lintText(doc.text, doc.file, run, doc.tree);
        doc.tree = r.tree;
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
    let deep: Finding[] = [];
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
    };
    this.states.set(doc.uri, state);
    if (this.o.mode() === 'push') this.publishState(state);
    if (run.gar && decls.length) this.scheduleDeep(doc.uri, state);
    this.keepTree(doc);
    return state;
  }

  /**
   * Trees for incremental parsing are kept only for the documents being
   * edited (the last few changed), not for every open file: a tree costs
   * native memory the JavaScript heap does not see.
   *
   * A tree the extraction walked in full (the first edits, a file with a
   * syntax error) has a JavaScript wrapper cached for every node it touched,
   * and tree.edit adjusts each of them, which costs more than a re-parse on
   * a large file (1 ms per keystroke on the bench module). Such a tree is
   * replaced by a fresh re-parse of the same text (about a millisecond,
   * everything reused) on the next turn of the event loop, after the
   * diagnostics are written. A tree from an incremental extraction touched
   * few nodes (about 80 on the bench module): it is kept as it is, since even
   * work done after the diagnostics are written delays the editor receiving
   * them (bench/lsp.ts p50 6.3 -> 5.6 ms without that re-parse). A change
   * that comes before the re-parse edits the walked tree, which is slower
   * but just as correct.
   */
  private keepTree(doc: Doc): void {
    if (!doc.tree) return;
    if (!doc.edited) {
      doc.tree = undefined;
      return;
    }
    const tree = doc.tree;
    const revision = doc.revision;
    if (!walkedLightly(tree)) {
      setImmediate(() => {
        if (doc.tree !== tree || doc.revision !== revision || this.o.docs.get(doc.uri) !== doc) return;
        try {
          doc.tree = parsePython(doc.text, tree);
        } catch {
          doc.tree = undefined;
        }
      });
    }
    this.treeOwners = this.treeOwners.filter((u) => u !== doc.uri);
    this.treeOwners.push(doc.uri);
    while (this.treeOwners.length > KEEP_TREES) {
      const old = this.o.docs.get(this.treeOwners.shift()!);
      if (old) old.tree = undefined;
    }
  }

  private scheduleDeep(uri: string, state: LintState): void {
    const old = this.deepTimers.get(uri);
    if (old) clearTimeout(old);
    const delay = state.deepRevision === -1 ? 0 : this.o.projects.options.deepDebounceMs;
    this.deepTimers.set(
      uri,
      setTimeout(() => {
        this.deepTimers.delete(uri);
        void this.runDeep(uri, state);
      }, delay),
    );
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
    state.deepRevision = state.revision;
    state.seq++;
    if (this.o.mode() === 'push') this.publishState(state);
    else if (this.o.canRefresh()) void this.connection.languages.diagnostics.refresh();
  }

  private reportOnce(what: string, e: unknown): void {
    const msg = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
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

  private publish(uri: string, version: number | undefined, findings: Finding[]): void {
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

  /**
   * Lints the workspace folders' files (not the open ones, which the editor
   * has): workspace/diagnostic in pull mode, `lintWorkspace` in push mode.
   */
  async scanWorkspace(
    folders: string[],
    token: CancellationToken | undefined,
    progress: { report(percent: number, message?: string): void },
    onFile: (file: string, findings: Finding[]) => void,
  ): Promise<void> {
    const files = new Set<string>();
    for (const folder of folders) {
      const project = this.o.projects.forFile(path.join(folder, '__probe__.py'));
      const walk = collectFiles([folder], { root: project.root, exclude: project.config.exclude, specs: project.config.specs });
      for (const f of walk.files) files.add(f);
    }
    const list = [...files].sort();
    let done = 0;
    for (const file of list) {
      if (token?.isCancellationRequested) return;
      done++;
      if (done % 25 === 0 || done === list.length) progress.report(Math.round((done / list.length) * 100), `${done}/${list.length} files`);
      if (this.o.docs.byFile(file)) continue;
      const findings = this.lintFile(file);
      if (findings === undefined) continue;
      onFile(file, findings);
      // Let requests and changes in between: a scan never blocks typing.
      if (done % 10 === 0) await new Promise((r) => setImmediate(r));
    }
  }

  /** Offline lint of a file on disk; undefined when it is not a candidate. */
  lintFile(file: string): Finding[] | undefined {
    const project = this.o.projects.forFile(file);
    const lang = languageOf(file);
    if (lang === 'yaml' && !isSpecFile(project, file)) return undefined;
    if (lang === 'other') return undefined;
    const src = readSource(file, { yaml: lang === 'yaml' });
    if (src.kind !== 'text') return src.kind === 'irrelevant' ? [] : undefined;
    const run = this.createRun(project);
    try {
      const r = lintText(src.text, file, run);
      this.reportInternalErrors(run);
      return r.findings.filter((f) => f.file === file);
    } catch (e) {
      this.reportOnce('lint', e);
      return undefined;
    }
  }

  /** Push mode with `lintWorkspace`: publish every workspace file's findings. */
  async pushWorkspace(folders: string[], token: CancellationToken | undefined, progress: { report(percent: number, message?: string): void }): Promise<void> {
    await this.scanWorkspace(folders, token, progress, (file, findings) => {
      this.workspaceFiles.add(file);
      if (findings.length) this.publish(fileToUri(file), undefined, findings);
    });
  }

  /** workspace/diagnostic: open documents as they are in the editor, then the rest of the workspace. */
  async pullWorkspace(
    folders: string[],
    previous: Map<string, string>,
    token: CancellationToken,
    progress: { report(percent: number, message?: string): void },
  ): Promise<WorkspaceDocumentDiagnosticReport[]> {
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    for (const doc of this.o.docs.all()) {
      const r = this.pull(doc.uri, previous.get(doc.uri));
      const version = doc.version;
      items.push(r.kind === 'full' ? { kind: 'full', uri: doc.uri, version, resultId: r.resultId, items: r.items } : { kind: 'unchanged', uri: doc.uri, version, resultId: r.resultId });
    }
    await this.scanWorkspace(folders, token, progress, (file, findings) => {
      items.push({ kind: 'full', uri: fileToUri(file), version: null, items: findings.map(toDiagnostic) });
    });
    return items;
  }

  forgetDockerConfig(): void {
    this.dockerConfig.invalidate();
  }
}
