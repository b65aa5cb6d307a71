// Lints the workspace folders' files that are not open (the editor has those):
// workspace/diagnostic in pull mode, `lintWorkspace` in push mode. Files are
// found as the CLI finds them (server/workspace/files.ts), linted from disk,
// and the scan yields between files, so it never blocks typing.

import * as path from 'node:path';
import type { CancellationToken, DocumentDiagnosticReport, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver';
import type { Finding } from '../engine/types';
import { collectFiles } from '../workspace/files';
import { fileToUri, type DocumentStore } from './documents';
import type { ProjectConfigs } from './settings';
import { toDiagnostic } from './toDiagnostic';

export interface Progress {
  report(percent: number, message?: string): void;
}

/** What the scan needs from the diagnostics. */
export interface ScanHost {
  /** Offline findings of a file on disk; undefined when it is not a candidate. */
  lintFile(file: string): Finding[] | undefined;
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
    const files = new Set<string>();
    for (const folder of folders) {
      const project = this.projects.forFile(path.join(folder, '__probe__.py'));
      const walk = collectFiles([folder], {
        root: project.root,
        exclude: project.config.exclude,
        specs: project.config.specs,
        // A nested project's own exclude and specs hold below it.
        projectOf: (dir) => {
          const p = this.projects.forFile(path.join(dir, '__probe__.py'));
          return { root: p.root, exclude: p.config.exclude, specs: p.config.specs };
        },
      });
      for (const f of walk.files) files.add(f);
    }
    const list = [...files].sort();
    let done = 0;
    for (const file of list) {
      if (token?.isCancellationRequested) return;
      done++;
      if (done % 25 === 0 || done === list.length) progress.report(Math.round((done / list.length) * 100), `${done}/${list.length} files`);
      if (this.docs.byFile(file)) continue;
      const findings = this.host.lintFile(file);
      if (findings === undefined) continue;
      onFile(file, findings);
      // Let requests and changes in between: a scan never blocks typing.
      if (done % 10 === 0) await new Promise((r) => setImmediate(r));
    }
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
