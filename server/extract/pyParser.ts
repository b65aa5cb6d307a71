// The Python parser every extractor shares: tree-sitter-python, loaded on
// first use; the long-comment-run workaround for its scanner; and the
// syntax errors of a tree.

// tree-sitter (a native module, ~20 ms to load) is required on first parse:
// --version, --help, --list-rules and runs over files that never mention
// ImageSpec do not load it.
import type Parser from 'tree-sitter';
import type { SyntaxNode, Tree } from 'tree-sitter';
import { withNodeClasses } from './nodeClasses';
import { hasLoneCr, type Range } from '../model/position';
import { nodeRange } from './values';
import { carryMemos } from './incremental';
import { skeletonOf } from './skeleton';

let parser: Parser | undefined;

function getParser(): Parser {
  if (!parser) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first parse (see above)
    const TreeSitter = require('tree-sitter') as typeof Parser;
    parser = new TreeSitter();
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- with the parser (nodeClasses.ts: ~5 ms less than tree-sitter's own)
    parser.setLanguage(withNodeClasses(TreeSitter, require('tree-sitter-python') as Parser.Language));
  }
  return parser;
}

export interface ParseOptions {
  /**
   * Parse the skeleton (skeleton.ts): the bodies of top-level definitions no
   * declaration can depend on are blanked. For a one-off lint whose tree is
   * not edited later (the CLI); never with `oldTree`.
   */
  skeleton?: boolean;
}

/** Parses Python text; `oldTree` (already edited with tree.edit) makes it incremental. */
export function parsePython(text: string, oldTree?: Tree, opts?: ParseOptions): Tree {
  const lf = loneCrAsLf(text);
  if (opts?.skeleton && !oldTree) {
    const sk = skeletonOf(lf);
    if (sk !== undefined) {
      const tree = parseSource(blankLongCommentRuns(sk.text), undefined, rangesAround(sk.text, sk.blanked));
      // A syntax error in what is left: the full text, so errors and recovery are the full parse's.
      if (!tree.rootNode.hasError) {
        blanks.set(tree, sk.blanked);
        parsedFrom.set(tree, text);
        return tree;
      }
    }
  }
  const tree = parseSource(blankLongCommentRuns(lf), oldTree);
  // The memo is keyed by statement text, not by tree: it stays valid for a re-parse.
  carryMemos(oldTree, tree);
  parsedFrom.set(tree, text);
  return tree;
}

const parsedFrom = new WeakMap<Tree, string>();

/** The text a tree was parsed from (still that text after tree.edit: what the edits apply to). */
export function parsedText(tree: Tree): string | undefined {
  return parsedFrom.get(tree);
}

const blanks = new WeakMap<Tree, readonly [number, number][]>();

/** The bodies blanked in the text a skeleton tree was parsed from (undefined: a full parse). */
export function skeletonBlanks(tree: Tree): readonly [number, number][] | undefined {
  return blanks.get(tree);
}

/**
 * The binding's read buffer, in UTF-16 units. tree-sitter reads the text
 * about a hundred times over a large module, each read from where it is; the
 * binding copies from there to the end of the text or of its buffer, and
 * zeroes the buffer first. A buffer as large as the rest of the text lets a
 * re-parse (an old tree) or a parse of included ranges jump ahead within one
 * read: a 32K buffer made keystroke re-parses of the bench's 5,000-line
 * module slower (p50 0.87 -> 1.3 ms, in one process). A fresh parse reads
 * the text in order: there a buffer of twice the text's length was zeroed
 * for nothing (~190 fresh pages for the 192K-character startup module, at
 * ~10 us a page fault on the VM) and the rest of the text copied at each
 * read. 32K: that parse 61.4 -> 59.2 ms (medians of 5 fresh processes each,
 * 2,543 -> 2,372 page faults).
 */
const READ_BUFFER = 32 * 1024;

function parseSource(source: string, oldTree?: Tree, includedRanges?: Parser.Range[]): Tree {
  const bufferSize = oldTree || includedRanges ? Math.max(READ_BUFFER, source.length * 2 + 16) : READ_BUFFER;
  return getParser().parse(source, oldTree, { bufferSize, includedRanges });
}

/**
 * The parts of a skeleton the parser reads: everything but the blanked
 * bodies after their `0` (spaces and line breaks cost the parser ~0.03 µs
 * a character; half of a workflow module's characters are blanked). The
 * `0` and the line break ending the body are read, so the tree is the one
 * the whole skeleton gives, positions included. Offsets and columns in
 * UTF-16 units, as the binding takes them.
 */
function rangesAround(text: string, blanked: readonly [number, number][]): Parser.Range[] {
  const out: Parser.Range[] = [];
  let row = 0;
  let lineStart = 0;
  let scanned = 0;
  const pointAt = (offset: number): Parser.Point => {
    for (let nl = text.indexOf('\n', scanned); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
      row++;
      lineStart = nl + 1;
    }
    scanned = Math.max(scanned, offset);
    return { row, column: offset - lineStart };
  };
  let from = 0;
  let fromPoint = pointAt(0);
  for (const [start, end] of blanked) {
    // A body that ends the text is read whole: the tokens ending the module go where the text ends.
    if (end >= text.length) break;
    const stop = start + 1;
    out.push({ startIndex: from, endIndex: stop, startPosition: fromPoint, endPosition: pointAt(stop) });
    from = end;
    fromPoint = pointAt(end);
  }
  out.push({ startIndex: from, endIndex: text.length, startPosition: fromPoint, endPosition: pointAt(text.length) });
  return out;
}

/**
 * Python (and the LSP) end a line at a lone "\r" too; tree-sitter-python's
 * scanner and tree-sitter's rows only at "\n". A lone "\r" is handed to the
 * parser as "\n": same length, so offsets stay, and rows become the lines
 * LineIndex counts. Values read from the tree see "\n" there, as Python's
 * compiler does (universal newlines).
 */
export function loneCrAsLf(text: string): string {
  return text.indexOf('\r') !== -1 && hasLoneCr(text) ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/** Comment-only lines in a row from which a run is parsed as blank lines. */
export const LONG_COMMENT_RUN = 200;

/**
 * tree-sitter-python's scanner is quadratic in the length of a run of
 * comment-only lines (8,000 lines: about a second; 20,000: about a minute).
 * Runs of LONG_COMMENT_RUN lines or more are handed to the parser as spaces
 * of the same length, so every offset and position stays what it was; the
 * text itself (suppression comments, values) is read from the document, not
 * from the tree. A run that long inside a triple-quoted string would lose its
 * `#` lines' text from the value: we accept that for inputs that long.
 */
export function blankLongCommentRuns(text: string): string {
  if (text.length < LONG_COMMENT_RUN * 2) return text;
  // A run needs a `#` on each of its lines: with fewer in the whole text, the
  // line scan below (every line, twice per keystroke in the editor) is skipped.
  let hashes = 0;
  for (let i = text.indexOf('#'); i !== -1 && hashes < LONG_COMMENT_RUN; i = text.indexOf('#', i + 1)) hashes++;
  if (hashes < LONG_COMMENT_RUN) return text;
  const runs: [number, number][] = [];
  let runStart = -1;
  let runLines = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f')) i++;
    if (i < lineEnd && text[i] === '#') {
      if (runLines === 0) runStart = lineStart;
      runLines++;
    } else {
      if (runLines >= LONG_COMMENT_RUN) runs.push([runStart, lineStart]);
      runLines = 0;
    }
    if (lineEnd === text.length) break;
    lineStart = lineEnd + 1;
  }
  if (runLines >= LONG_COMMENT_RUN) runs.push([runStart, text.length]);
  if (!runs.length) return text;
  let out = '';
  let last = 0;
  for (const [a, b] of runs) {
    // Keep line breaks (and a CR before them); everything else becomes a space.
    out += text.slice(last, a) + text.slice(a, b).replace(/[^\r\n]/g, ' ');
    last = b;
  }
  return out + text.slice(last);
}

/** The document a tree was parsed from (string input), else the root's text. */
export function documentText(tree: Tree): string {
  const input = (tree as unknown as { input?: unknown }).input;
  if (typeof input === 'string') return input;
  const root = tree.rootNode;
  return ' '.repeat(root.startIndex) + root.text; // offsets stay document offsets
}

export function collectSyntaxErrors(tree: Tree, limit = 50): Range[] {
  const root = tree.rootNode;
  if (!root.hasError) return [];
  const out: Range[] = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length && out.length < limit) {
    const n = stack.pop()!;
    if (n.type === 'ERROR' || n.isMissing) {
      out.push(nodeRange(n));
      continue;
    }
    if (!n.hasError) continue;
    for (let i = n.childCount - 1; i >= 0; i--) stack.push(n.child(i)!);
  }
  return out;
}
