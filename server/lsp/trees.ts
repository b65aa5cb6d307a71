// Syntax trees kept for incremental re-parsing. Only the documents being
// edited (the last few changed) keep theirs, not every open file: a tree
// costs native memory the JavaScript heap does not see.
//
// A tree the extraction walked in full (the first edits, a file with a
// syntax error) has a JavaScript wrapper cached for every node it touched,
// and tree.edit adjusts each of them, which costs more than a re-parse on a
// large file (1 ms per keystroke on the bench module). Such a tree is
// replaced by a fresh re-parse of the same text (about a millisecond,
// everything reused) on the next turn of the event loop, after the
// diagnostics are written. A tree from an incremental extraction touched
// few nodes (about 80 on the bench module): it is kept as it is, since even
// work done after the diagnostics are written delays the editor receiving
// them (bench/lsp.ts p50 6.3 -> 5.6 ms without that re-parse). A change that
// comes before the re-parse edits the walked tree, which is slower but just
// as correct.

import { parsePython, walkedLightly } from '../extract/python';
import type { Doc, DocumentStore } from './documents';

/** Documents that keep a syntax tree for incremental re-parsing. */
const KEEP_TREES = 8;

export class TreeKeeper {
  private owners: string[] = [];

  constructor(private docs: DocumentStore) {}

  /** After a lint of `doc`: keeps its tree if it is being edited, dropping the oldest kept tree beyond the limit. */
  keep(doc: Doc): void {
    if (!doc.tree) return;
    if (!doc.edited) {
      doc.tree = undefined;
      return;
    }
    const tree = doc.tree;
    const revision = doc.revision;
    if (!walkedLightly(tree)) {
      setImmediate(() => {
        if (doc.tree !== tree || doc.revision !== revision || this.docs.get(doc.uri) !== doc) return;
        try {
          doc.tree = parsePython(doc.text, tree);
        } catch {
          doc.tree = undefined;
        }
      });
    }
    this.owners = this.owners.filter((u) => u !== doc.uri);
    this.owners.push(doc.uri);
    while (this.owners.length > KEEP_TREES) {
      const old = this.docs.get(this.owners.shift()!);
      if (old) old.tree = undefined;
    }
  }

  forget(uri: string): void {
    this.owners = this.owners.filter((u) => u !== uri);
  }
}
