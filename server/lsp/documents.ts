// Open documents: text, version and the tree-sitter tree of the last parse.
// Changes are applied here, and each incremental change is also applied to
// the tree with tree.edit, so the next parse (extractDecls / lintText with
// the old tree) only re-reads what changed. Positions are UTF-16, as in LSP
// and in tree-sitter's node binding, so no conversion is needed.

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Tree } from 'tree-sitter';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { LineIndex, type Position } from '../model/position';

export interface Doc {
  uri: string;
  /** Absolute path; for non-file URIs a path under the workspace named after the URI. */
  file: string;
  languageId: string;
  version: number;
  text: string;
  /** The tree of the last parse, already edited for every change since. */
  tree?: Tree;
  /** Line starts of `text`, when the last lint built them (the next edit's positions are read with them). */
  lines?: LineIndex;
  /** Bumped on every change; unlike `version` it is ours and strictly increasing. */
  revision: number;
  /** Changed since it was opened (worth keeping a tree for). */
  edited: boolean;
}

function uriToFile(uri: string, fallbackDir: string, languageId?: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      /* fall through */
    }
  }
  // untitled:Untitled-1, vscode-notebook-cell:... : a stable pseudo path.
  const base = uri.replace(/^[a-z][a-z0-9+.-]*:/i, '').replace(/[^A-Za-z0-9._-]+/g, '_').slice(-80) || 'untitled';
  const ext = path.extname(base) || (languageId === 'yaml' ? '.yaml' : '.py');
  return path.join(fallbackDir, path.extname(base) ? base : base + ext);
}

export function fileToUri(file: string): string {
  return pathToFileURL(file).href;
}

function endPosition(start: Position, text: string): { row: number; column: number } {
  const lastNl = text.lastIndexOf('\n');
  if (lastNl === -1) return { row: start.line, column: start.character + text.length };
  let rows = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) rows++;
  return { row: start.line + rows, column: text.length - lastNl - 1 };
}

export class DocumentStore {
  private docs = new Map<string, Doc>();
  private files = new Map<string, Doc>();
  private revisions = 0;
  private openCloses = 0;

  constructor(private fallbackDir: () => string) {}

  /**
   * The state of the open documents, as a key that changes whenever one is
   * opened, changed or closed (the workspace lint's workers lint against a
   * copy of the open texts: workspaceScan.ts).
   */
  get state(): string {
    return `${this.openCloses}.${this.revisions}`;
  }

  /** Changes whenever a document is opened or closed (not when one is edited). */
  get openState(): number {
    return this.openCloses;
  }

  open(uri: string, languageId: string, version: number, text: string): Doc {
    const doc: Doc = { uri, file: uriToFile(uri, this.fallbackDir(), languageId), languageId, version, text, revision: ++this.revisions, edited: false };
    this.close(uri);
    this.openCloses++;
    this.docs.set(uri, doc);
    this.files.set(doc.file, doc);
    return doc;
  }

  /** Applies changes in order; returns undefined for a document that is not open. */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Doc | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    for (const c of changes) {
      if (!('range' in c) || !c.range) {
        doc.text = c.text;
        doc.tree = undefined;
        continue;
      }
      const index = doc.lines?.text === doc.text ? doc.lines : new LineIndex(doc.text);
      const start = index.offsetAt(c.range.start);
      const oldEnd = Math.max(start, index.offsetAt(c.range.end));
      // A "\r" typed, or one whose "\n" may be deleted, can change where
      // lines end (a lone "\r" is parsed as "\n", pyParser.ts): parse afresh.
      if (doc.tree && (c.text.includes('\r') || doc.text.charCodeAt(start - 1) === 13)) doc.tree = undefined;
      if (doc.tree) {
        const startPos = index.positionAt(start);
        const oldEndPos = index.positionAt(oldEnd);
        try {
          doc.tree.edit({
            startIndex: start,
            oldEndIndex: oldEnd,
            newEndIndex: start + c.text.length,
            startPosition: { row: startPos.line, column: startPos.character },
            oldEndPosition: { row: oldEndPos.line, column: oldEndPos.character },
            newEndPosition: endPosition(startPos, c.text),
          });
        } catch {
          doc.tree = undefined;
        }
      }
      doc.text = doc.text.slice(0, start) + c.text + doc.text.slice(oldEnd);
    }
    doc.version = version;
    doc.revision = ++this.revisions;
    doc.edited = true;
    return doc;
  }

  close(uri: string): Doc | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    this.docs.delete(uri);
    this.openCloses++;
    if (this.files.get(doc.file) === doc) this.files.delete(doc.file);
    return doc;
  }

  get(uri: string): Doc | undefined {
    return this.docs.get(uri);
  }

  byFile(file: string): Doc | undefined {
    return this.files.get(file);
  }

  all(): Doc[] {
    return [...this.docs.values()];
  }
}
