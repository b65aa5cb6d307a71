// What an extractor returns for one file.

import type { Tree } from 'tree-sitter';
import type { ImageDecl } from '../model/decl';
import type { LineIndex, Range } from '../model/position';

export interface Extraction {
  decls: ImageDecl[];
  syntaxErrors: Range[];
  tree?: Tree;
  /** The line index the extractor built for the text, when it built one (the engine reuses it). */
  lines?: LineIndex;
}
