// A document edited the way the language server edits it, for the
// incremental-extraction tests (ImageSpec and Flyte 2): DocumentStore
// applies LSP changes and tree.edit, the extractor gets the edited tree, and
// the kept tree is sometimes re-parsed as the server does. Each test file
// passes its extractor and how it compares declarations; the random-edit
// loop of the property tests is here too.

import fc from 'fast-check';
import { expect } from 'vitest';
import type Parser from 'tree-sitter';
import { parsePython } from '../../server/extract/python';
import type { ImageDecl } from '../../server/model/decl';
import { LineIndex } from '../../server/model/position';
import { DocumentStore, type Doc } from '../../server/lsp/documents';

export const FILE = '/p/wf.py';

export interface Extraction {
  /** Extraction as the server runs it, reusing what it can from the edited tree. */
  extract(text: string, file: string, tree?: Parser.Tree): { tree?: Parser.Tree; decls: ImageDecl[] };
  /** What a fresh extraction of the same text (or of this tree, when it has syntax errors) gives. */
  fresh(text: string, tree: Parser.Tree | undefined): ImageDecl[];
  /** Declarations as comparable text. */
  snapshot(decls: ImageDecl[]): string;
}

export class EditedDoc {
  private store = new DocumentStore(() => '/p');
  readonly doc: Doc;
  decls: ImageDecl[] = [];
  private version = 1;

  constructor(
    text: string,
    private readonly how: Extraction,
  ) {
    this.doc = this.store.open('file:///p/wf.py', 'python', 1, text);
    this.lint();
  }

  get text(): string {
    return this.doc.text;
  }

  /** Replaces [start, end) (offsets) by `insert`, then extracts as the server does; returns the declarations. */
  edit(start: number, end: number, insert: string, reparse = false): ImageDecl[] {
    const idx = new LineIndex(this.doc.text);
    this.store.change(this.doc.uri, ++this.version, [{ range: { start: idx.positionAt(start), end: idx.positionAt(end) }, text: insert }]);
    this.lint();
    if (reparse && this.doc.tree) this.doc.tree = parsePython(this.doc.text, this.doc.tree);
    return this.decls;
  }

  /** Replaces the first occurrence of `from` after `after` (a marker text). */
  replace(from: string, to: string, after = ''): ImageDecl[] {
    const base = after ? this.doc.text.indexOf(after) : 0;
    const at = this.doc.text.indexOf(from, base);
    if (base === -1 || at === -1) throw new Error(`no ${JSON.stringify(from)} in the document`);
    return this.edit(at, at + from.length, to);
  }

  private lint(): void {
    const r = this.how.extract(this.doc.text, FILE, this.doc.tree);
    this.doc.tree = r.tree;
    this.decls = r.decls;
  }

  /** Incremental and fresh extraction agree. */
  expectFresh(what = ''): void {
    expect(this.how.snapshot(this.decls), what).toBe(this.how.snapshot(this.how.fresh(this.doc.text, this.doc.tree)));
  }
}

/** A snippet that stands for typing inside the next keyword argument's string (the file stays valid). */
export const IN_STRING = '<in-string>';

export interface RandomEdit {
  at: number;
  del: number;
  insert: string;
  atLineStart: boolean;
  reparse: boolean;
}

/** An edit somewhere in the document: inserting one of `snippets`, deleting up to `maxDel` characters. */
export function arbEdit(snippets: readonly string[], maxDel: number): fc.Arbitrary<RandomEdit> {
  return fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    del: fc.integer({ min: 0, max: maxDel }),
    insert: fc.constantFrom(...snippets),
    atLineStart: fc.boolean(),
    reparse: fc.boolean(),
  });
}

/** Applies the edits one by one, checking after each that the document's declarations equal a fresh extraction. */
export function applyEditsExpectingFresh(e: EditedDoc, edits: readonly RandomEdit[]): void {
  for (const ed of edits) {
    let at = Math.floor(ed.at * (e.text.length + 1));
    if (ed.insert === IN_STRING) {
      const q = e.text.indexOf('="', at);
      if (q === -1) continue;
      e.edit(q + 2, q + 2, ed.del % 2 ? 'x' : 'Y', ed.reparse);
    } else {
      if (ed.atLineStart) at = e.text.lastIndexOf('\n', at - 1) + 1;
      const end = Math.min(e.text.length, at + (ed.insert.endsWith('\n') ? 0 : ed.del));
      e.edit(at, end, ed.insert, ed.reparse);
    }
    e.expectFresh(`after ${JSON.stringify(ed)} in:\n${e.text}`);
  }
}
