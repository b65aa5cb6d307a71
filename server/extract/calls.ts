// Reading calls from a tree-sitter-python tree, for any extractor: finding
// the calls of given names from the text, reading a call's keyword and
// positional arguments (values resolved through values.ts), the methods
// chained on it, and the line its statement starts on. Which calls are
// declarations, and what their arguments mean, is the extractor's business
// (python.ts for ImageSpec).

import type { SyntaxNode } from 'tree-sitter';
import type { ChainCall, FieldArg, Value } from '../model/decl';
import type { Range } from '../model/position';
import { lineIndexOf, nodeRange, type ValueResolver } from './values';

const ID_CONTINUE = /[\p{ID_Continue}\u00b7\u2118\u212e\u309b\u309c]/u;

function identAt(text: string, i: number, back: boolean): boolean {
  if (i < 0 || i >= text.length) return false;
  let cp = text.charCodeAt(i);
  if (back && cp >= 0xdc00 && cp <= 0xdfff && i > 0) cp = text.codePointAt(i - 1)!;
  else if (!back) cp = text.codePointAt(i)!;
  return cp < 0x80 ? /[A-Za-z0-9_]/.test(String.fromCharCode(cp)) : ID_CONTINUE.test(String.fromCodePoint(cp));
}

/**
 * Calls spelled `NAME(...)` for the given names, or `X.NAME(...)` for those
 * also in `dotted`, found from the text: each whole-word occurrence is
 * looked up in the tree (one native call) and kept when it is the callee of
 * a call. Far cheaper than a query over every call of the file (whose
 * predicates run in JavaScript). `skip`: offsets not to look up (statements
 * an incremental extraction reuses). `regions`: the only spans of the text
 * searched (the statements an incremental extraction rebuilds), in order.
 */
export function candidateCalls(
  root: SyntaxNode,
  names: Set<string>,
  dotted: ReadonlySet<string>,
  text: string,
  skip?: (i: number) => boolean,
  regions?: readonly Span[],
): SyntaxNode[] {
  // `text` is the whole document (tree indices are document offsets; the
  // module node itself starts at its first token).
  const out: SyntaxNode[] = [];
  const seen = new Set<number>();
  for (const name of names) {
    for (const i of occurrences(text, name, regions)) {
      const end = i + name.length;
      if (identAt(text, i - 1, true) || identAt(text, end, false)) continue;
      if (skip?.(i)) continue;
      const id = root.descendantForIndex(i, end);
      if (!id || id.type !== 'identifier' || id.startIndex !== i || id.endIndex !== end) continue;
      let fn: SyntaxNode = id;
      let p = id.parent;
      if (p && p.type === 'attribute') {
        if (!dotted.has(name)) continue;
        const attr = p.childForFieldName('attribute');
        if (!attr || attr.startIndex !== i) continue;
        fn = p;
        p = p.parent;
      }
      if (!p || p.type !== 'call') continue;
      const f = p.childForFieldName('function');
      if (!f || f.startIndex !== fn.startIndex || f.endIndex !== fn.endIndex) continue;
      const key = p.id;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}

/** A span of document offsets, [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** Offsets where `word` occurs in `text`, within `regions` (in order) when given, else anywhere. */
export function* occurrences(text: string, word: string, regions?: readonly Span[]): Generator<number> {
  if (!regions) {
    for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + word.length)) yield i;
    return;
  }
  for (const r of regions) {
    // Searched in the region alone: a search from r.start through the whole text would run on to the next occurrence.
    const sub = text.slice(r.start, r.end);
    for (let j = sub.indexOf(word); j !== -1; j = sub.indexOf(word, j + word.length)) yield r.start + j;
  }
}

/** A call's arguments: keyword ones, positional values in order, and whether a `*args` / `**kwargs` hides others. */
export function readArgs(argsNode: SyntaxNode, resolver: ValueResolver): { kwargs: FieldArg[]; positional: Value[]; opaque: boolean } {
  const kwargs: FieldArg[] = [];
  const positional: Value[] = [];
  let opaque = false;
  const idx = lineIndexOf(argsNode.tree);
  // Through a cursor: a node wrapper (a native weak reference each) only for
  // the values resolved, none for the arguments and keyword names. Ranges come
  // from offsets and the text's line starts; a tree not parsed from a string
  // (never ours) falls back to the cursor's own points.
  const c = argsNode.walk();
  const here = (): Range =>
    idx
      ? { start: idx.positionAt(c.startIndex), end: idx.positionAt(c.endIndex) }
      : { start: { line: c.startPosition.row, character: c.startPosition.column }, end: { line: c.endPosition.row, character: c.endPosition.column } };
  if (c.gotoFirstChild()) {
    do {
      if (!c.nodeIsNamed) continue;
      switch (c.nodeType) {
        case 'comment':
          break;
        case 'keyword_argument': {
          const range = here();
          let name: { text: string; range: Range } | undefined;
          let value: SyntaxNode | null = null;
          if (c.gotoFirstChild()) {
            do {
              const f = c.currentFieldName;
              if (f === 'name' && !name) name = { text: idx ? idx.text.slice(c.startIndex, c.endIndex) : c.nodeText, range: here() };
              else if (f === 'value' && !value) value = c.currentNode;
            } while (c.gotoNextSibling());
            c.gotoParent();
          }
          if (!name || !value) break;
          kwargs.push({ name: name.text, nameRange: name.range, value: resolver.resolve(value), range });
          break;
        }
        case 'list_splat':
        case 'dictionary_splat':
          opaque = true;
          break;
        default:
          positional.push(resolver.resolve(c.currentNode));
      }
    } while (c.gotoNextSibling());
  }
  return { kwargs, positional, opaque };
}

/**
 * The methods called on the result of `call` (`call.with_x(...).with_y(...)`),
 * in order. `up`: the call's ancestors, nearest first (`node.parent` is
 * O(depth) per call in tree-sitter).
 */
export function readChain(call: SyntaxNode, up: SyntaxNode[], resolver: ValueResolver): ChainCall[] {
  const chain: ChainCall[] = [];
  let cur = call;
  for (let i = 0; i + 1 < up.length; i += 2) {
    // `(ImageSpec(...)).with_packages(...)`: parentheses do not end the chain.
    while (i + 1 < up.length && up[i].type === 'parenthesized_expression' && up[i].namedChildCount === 1) cur = up[i++];
    if (i + 1 >= up.length) break;
    const attr = up[i];
    if (attr.type !== 'attribute' || attr.childForFieldName('object')?.id !== cur.id) break;
    const outer = up[i + 1];
    if (outer.type !== 'call' || outer.childForFieldName('function')?.id !== attr.id) break;
    const name = attr.childForFieldName('attribute');
    const argsNode = outer.childForFieldName('arguments');
    if (!name) break;
    const args: Value[] = [];
    const kwargs: FieldArg[] = [];
    if (argsNode && argsNode.type === 'argument_list') {
      const r = readArgs(argsNode, resolver);
      for (const a of r.positional) args.push(a);
      for (const k of r.kwargs) kwargs.push(k);
    }
    const dot = attr.children.find((c) => c.type === '.');
    chain.push({
      method: name.text,
      nameRange: nodeRange(name),
      range: { start: dot ? nodeRange(dot).start : nodeRange(name).start, end: nodeRange(outer).end },
      args,
      kwargs,
    });
    cur = outer;
  }
  return chain;
}

const STATEMENT_PARENTS = new Set(['module', 'block']);

/** The line of the statement holding `n` (`up`: its ancestors, nearest first). */
export function statementStart(n: SyntaxNode, up: SyntaxNode[]): number {
  let cur = n;
  for (const p of up) {
    if (STATEMENT_PARENTS.has(p.type) || p.type === 'ERROR') break;
    cur = p;
  }
  return cur.startPosition.row;
}
