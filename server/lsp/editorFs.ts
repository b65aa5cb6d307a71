// The file system as the rules see it in the editor: open documents as the
// editor has them (saved or not), everything else from disk. It notes which
// files a lint read, and for Python modules what their text answered
// (project/neighbours.ts): an edit to one of them re-lints the
// documents that read it only when that answer changes (diagnostics.ts).

import * as path from 'node:path';
import { CachedFs, scanAnswers, type EntryKind, type ProjectFs } from '../engine/fs';
import { NEIGHBOUR_PATTERNS } from '../project/neighbours';

/** A module a lint read from disk (EditorFs.reads). */
export const DISK = 'disk';

/** What a module's text answers to the patterns its neighbours read it for. */
export function neighbourAnswers(text: string): string {
  return scanAnswers(text, NEIGHBOUR_PATTERNS);
}

/** The open documents' texts by file (a DocumentStore, or a worker's copy of them: workspaceLint.ts). */
export interface OpenTexts {
  byFile(file: string): { text: string } | undefined;
}

export class EditorFs implements ProjectFs {
  /** Disk answers: this lint's own, or shared by the files of one workspace scan (workspaceScan.ts). */
  private disk: CachedFs;
  /**
   * Files read (resolved): an open module's neighbourAnswers; DISK for a
   * module read from disk (answered when it is first edited: a lint may read
   * hundreds of modules beside a file, and this costs it nothing);
   * undefined for any other file (any edit to it matters).
   */
  readonly reads = new Map<string, string | undefined>();
  constructor(
    private docs: OpenTexts,
    disk?: CachedFs,
  ) {
    this.disk = disk ?? new CachedFs();
  }
  kind(p: string): EntryKind {
    return this.docs.byFile(path.resolve(p)) ? 'file' : this.disk.kind(p);
  }
  list(dir: string): string[] {
    return this.disk.list(dir);
  }
  readText(p: string): string | undefined {
    const abs = path.resolve(p);
    const d = this.docs.byFile(abs);
    const text = d ? d.text : this.disk.readText(p);
    if (!this.reads.has(abs)) this.reads.set(abs, !abs.endsWith('.py') ? undefined : d ? neighbourAnswers(text ?? '') : DISK);
    return text;
  }
}
