// Parsing less (issue 15): most characters of a workflow module are the
// bodies of functions and classes that cannot affect any declaration, and
// tree-sitter costs ~0.35-0.6 µs per character. `skeletonOf` hands the
// parser a copy of the text in which the body of every top-level def/class
// that mentions none of the names extraction looks at is blanked: every
// character becomes a space except line breaks, and the body's first
// character becomes `0`, so the definition keeps a valid one-statement body
// and every offset, line and column of the text stays what it was.
//
// A body is kept when its text (strings and comments included) holds
// anything extraction reads below module level: `ImageSpec` (in any word),
// a name an import of ImageSpec binds with `as`, a word starting with `with_`
// or ending in `Environment`, an Image constructor or ImageSpec builder
// method (`clone` alone makes no declaration), `:=`, a `global` or
// `nonlocal` statement (moduleScope.ts), an import of flyte (flyte.ts: a
// module that imports flyte nowhere declares no Flyte 2 image). Bodies
// shorter than MIN_BODY are kept as they are. Extraction reads the
// original text for everything else (suppressions, `import` counts, def
// names). The one thing a blanked body can still matter for is the uses of
// a module constant a fix rewrites (sharedConstants.ts): references.ts
// counts them in the full text's tree when the name is written in a blanked
// body. test/skeleton.test.ts compares declarations and findings with the
// full parse over the fixtures and generated trees.
//
// A small hand lexer, not the parser: strings of every prefix, triple-quoted,
// f-strings with nested replacement fields and format specs, comments,
// brackets, backslash continuations, indentation. Anything it does not
// understand (a tab or form feed in indentation, an unterminated string or
// bracket, a dedent below a body that never started) returns undefined: the
// caller parses the text as it is. The caller also parses the full text when
// the skeleton's tree has a syntax error. A syntax error inside a blanked
// body is not in the skeleton's tree: the CLI, the only user, reports none.

import { IMAGE_METHODS } from '../flyte/api';
import { BUILDER_METHODS } from '../flytekit/fields';

/** Bodies shorter than this are not worth blanking. */
const MIN_BODY = 64;

/**
 * What keeps a body (see the header), looked for in each body that could
 * be blanked, up to the first hit (triggered). The regex has no lookbehind
 * (it would slow the scan several times); `keeps` checks each hit's context:
 * `with_` only at a word's start, `Environment` only at its end, the names
 * only as whole words, `global` / `nonlocal` only where a statement starts
 * (a line's start, after `;` or a compound statement's `:`).
 */
const TRIGGER = new RegExp(
  `:=|ImageSpec|with_|Environment|global|nonlocal|${[...new Set(['from_pixi_script', ...IMAGE_METHODS.filter((m) => m.name !== 'clone' && !m.name.startsWith('with_')).map((m) => m.name), ...BUILDER_METHODS.filter((m) => !m.name.startsWith('with_')).map((m) => m.name)])].join('|')}`,
  'g',
);

function keeps(t: string, at: number, hit: string): boolean {
  if (hit === ':=' || hit === 'ImageSpec') return true;
  const before = t.charCodeAt(at - 1);
  const after = t.charCodeAt(at + hit.length);
  if (hit === 'with_') return !isIdPart(before);
  if (hit === 'Environment') return !isIdPart(after);
  if (isIdPart(before) || isIdPart(after)) return false;
  if (hit !== 'global' && hit !== 'nonlocal') return true;
  let i = at - 1;
  while (i >= 0) {
    const c = t.charCodeAt(i);
    if (c === C.SPACE || c === C.TAB || c === C.BACKSLASH || c === C.FF) i--;
    else return c === C.NL || c === C.CR || c === 59 || c === C.COLON; // line start, `;`, `:`
  }
  return true;
}

/** `from flyte...`, `import flyte...`, `import a, b as c, flyte` (a superset of what binds flyte or a submodule). */
const FLYTE_IMPORT = /\bfrom[\s\\]+flyte\b|\bimport[\s\\]+(?:[\w.]+[\s\\]*(?:as[\s\\]+\w+[\s\\]*)?,[\s\\]*)*flyte\b/g;

const enum C {
  NL = 10,
  CR = 13,
  SPACE = 32,
  TAB = 9,
  FF = 12,
  HASH = 35,
  BACKSLASH = 92,
  SQ = 39,
  DQ = 34,
  LBRACE = 123,
  RBRACE = 125,
  COLON = 58,
  EQ = 61,
}

class Bail extends Error {}

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}

/** Where a string literal starting at `i` (its prefix included) ends, or -1 when `i` does not start one. */
function stringAt(t: string, i: number): number {
  // Prefix: up to two of r, b, u, f, t (any case).
  let j = i;
  let f = false;
  while (j < t.length && j - i < 3) {
    const c = t.charCodeAt(j) | 0x20;
    if (c === 0x72 || c === 0x62 || c === 0x75) j++;
    else if (c === 0x66 || c === 0x74) {
      f = true;
      j++;
    } else break;
  }
  const q = t.charCodeAt(j);
  if (q !== C.SQ && q !== C.DQ) return -1;
  if (j > i && i > 0 && isIdPart(t.charCodeAt(i - 1))) return -1;
  return stringBody(t, j, f);
}


/** `at` at the opening quote: the index after the closing quote. */
function stringBody(t: string, at: number, f: boolean): number {
  const q = t.charCodeAt(at);
  const triple = t.charCodeAt(at + 1) === q && t.charCodeAt(at + 2) === q;
  const n = t.length;
  let i = at + (triple ? 3 : 1);
  for (;;) {
    let c = 0;
    while (i < n && ((c = t.charCodeAt(i)) >= 128 || (STOP_STR[c] !== 1 && (!f || STOP_STR[c] !== 2)))) i++;
    if (i >= n) throw new Bail();
    if (c === C.BACKSLASH) {
      i += t.charCodeAt(i + 1) === C.CR && t.charCodeAt(i + 2) === C.NL ? 3 : 2;
      continue;
    }
    if (c === q) {
      if (!triple) return i + 1;
      if (t.charCodeAt(i + 1) === q && t.charCodeAt(i + 2) === q) return i + 3;
      i++;
      continue;
    }
    if (c === C.NL || c === C.CR) {
      if (!triple) throw new Bail();
      i++;
      continue;
    }
    if (c !== C.LBRACE) {
      i++; // the other quote
      continue;
    }
    // `{` in an f-string
    if (t.charCodeAt(i + 1) === C.LBRACE) {
      i += 2;
      continue;
    }
    i = replacementField(t, i + 1, triple);
  }
}

/** Inside an f-string's `{`: the index after its `}` (expression, conversion, format spec with nested fields). */
function replacementField(t: string, i: number, triple: boolean): number {
  let depth = 0;
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c === C.SQ || c === C.DQ || isIdStart(c)) {
      const e = stringAt(t, i);
      if (e !== -1) {
        i = e;
        continue;
      }
      if (c === C.SQ || c === C.DQ) throw new Bail();
      i++;
      continue;
    }
    if (c === 40 || c === 91 || c === C.LBRACE) depth++;
    else if (c === 41 || c === 93) depth--;
    else if (c === C.RBRACE) {
      if (depth === 0) return i + 1;
      depth--;
    } else if (c === C.COLON && depth === 0 && t.charCodeAt(i + 1) !== C.EQ) {
      return formatSpec(t, i + 1, triple);
    } else if ((c === C.NL || c === C.CR) && !triple) throw new Bail();
    else if (c === C.HASH || c === C.BACKSLASH) throw new Bail();
    if (depth < 0) throw new Bail();
    i++;
  }
  throw new Bail();
}

/** A format spec: literal text with nested replacement fields, up to the field's `}`. */
function formatSpec(t: string, i: number, triple: boolean): number {
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (c === C.LBRACE) i = replacementField(t, i + 1, triple);
    else if (c === C.RBRACE) return i + 1;
    else if (c === C.SQ || c === C.DQ || c === C.BACKSLASH) throw new Bail(); // a quote here would need the enclosing string's rules
    else if ((c === C.NL || c === C.CR) && !triple) throw new Bail();
    else i++;
  }
  throw new Bail();
}

interface Def {
  /** First character of the body's first statement. */
  bodyStart: number;
  /** End of the body's last logical line (its line break). */
  bodyEnd: number;
}

export interface Skeleton {
  text: string;
  /** [start, end) of each blanked body. */
  blanked: [number, number][];
}

/**
 * The text to parse instead of `text` (same length, same line breaks), or
 * undefined when nothing is worth blanking or the lexer does not understand
 * the text. `text` has no lone CR (pyParser.loneCrAsLf).
 */
export function skeletonOf(text: string): Skeleton | undefined {
  if (text.indexOf('def') === -1 && text.indexOf('class') === -1) return undefined;
  try {
    return build(text, topLevelBodies(text));
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
}

/** The characters the lexer stops at (1), everything else is skipped; in strings (2, 3: `{` in f-strings). */
const STOP = new Uint8Array(128);
for (const ch of '#\'"\\\n()[]{}:') STOP[ch.charCodeAt(0)] = 1;
const STOP_STR = new Uint8Array(128);
for (const ch of '\'"\\\n\r') STOP_STR[ch.charCodeAt(0)] = 1;
STOP_STR[C.LBRACE] = 2;
const WORD = /[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*/y;
const ALIAS = /\bas[\s\\]+([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)/g;

/** The bodies of top-level def/class statements with an indented suite, in order. */
function topLevelBodies(t: string): { defs: Def[]; aliases: Set<string> } {
  const n = t.length;
  const defs: Def[] = [];
  const aliases = new Set<string>();
  let depth = 0;
  // The logical line being read: where it starts, its indentation, first word, header colon.
  let lineStart = -1;
  let lineIndent = 0;
  let firstWord = '';
  let headerColon = -1;
  let commentAfterColon = -1;
  /** A def/class header ended: its body is the next logical line's. */
  let pending = false;
  let open: Def | undefined;
  /** Where the last logical line ended (its line break). */
  let lastEnd = 0;

  const endLogicalLine = (at: number) => {
    if (lineStart === -1) return;
    if (lineIndent === 0 && (firstWord === 'def' || firstWord === 'class' || firstWord === 'async') && headerColon !== -1) {
      // An indented suite only: nothing but a comment after the colon.
      const rest = t.slice(headerColon + 1, commentAfterColon !== -1 ? commentAfterColon : at);
      if (!/\S/.test(rest.replace(/\\\r?\n/g, ''))) pending = true;
    } else if ((firstWord === 'import' || firstWord === 'from') && t.slice(lineStart, at).includes('ImageSpec')) {
      // An alias of ImageSpec (`from flytekit import ImageSpec as Spec`): calls of it are declarations.
      const line = t.slice(lineStart, at);
      ALIAS.lastIndex = 0;
      for (let m = ALIAS.exec(line); m; m = ALIAS.exec(line)) aliases.add(m[1]);
    }
    lastEnd = at;
    lineStart = -1;
    headerColon = -1;
    commentAfterColon = -1;
  };

  /** At the start of a physical line (depth 0, no continuation): its indentation; a new logical line unless blank. */
  const lineAt = (i: number): number => {
    let j = i;
    let tabs = false;
    for (;;) {
      const c = t.charCodeAt(j);
      if (c === C.SPACE) j++;
      else if (c === C.TAB || c === C.FF) {
        tabs = true;
        j++;
      } else break;
    }
    const c = t.charCodeAt(j);
    if (j >= n || c === C.NL || c === C.CR || c === C.HASH) return j; // blank or comment-only
    if (tabs) throw new Bail();
    lineStart = j;
    lineIndent = j - i;
    if (lineIndent === 0) {
      if (pending) throw new Bail(); // a header without an indented body
      if (open) {
        open.bodyEnd = lastEnd;
        defs.push(open);
        open = undefined;
      }
    } else if (pending) {
      open = { bodyStart: j, bodyEnd: -1 };
      pending = false;
    }
    WORD.lastIndex = j;
    const w = WORD.exec(t);
    firstWord = w ? w[0] : '';
    return j;
  };

  let i = lineAt(0);
  for (;;) {
    let c = 0;
    while (i < n && ((c = t.charCodeAt(i)) >= 128 || STOP[c] === 0)) i++;
    if (i >= n) break;
    switch (c) {
      case C.NL:
        if (depth === 0) {
          endLogicalLine(t.charCodeAt(i - 1) === C.CR ? i - 1 : i);
          i = lineAt(i + 1);
        } else i++;
        break;
      case C.HASH: {
        if (headerColon !== -1 && commentAfterColon === -1) commentAfterColon = i;
        const e = t.indexOf('\n', i);
        i = e === -1 ? n : e;
        break;
      }
      case C.BACKSLASH: {
        const d = t.charCodeAt(i + 1);
        if (d === C.NL) i += 2;
        else if (d === C.CR && t.charCodeAt(i + 2) === C.NL) i += 3;
        else throw new Bail();
        break;
      }
      case C.SQ:
      case C.DQ: {
        // The prefix: up to two letters before the quote, not glued to a name.
        let k = i;
        let f = false;
        while (k > 0 && i - k < 2) {
          const p = t.charCodeAt(k - 1) | 0x20;
          if (p === 0x72 || p === 0x62 || p === 0x75) k--;
          else if (p === 0x66 || p === 0x74) {
            f = true;
            k--;
          } else break;
        }
        if (k < i && k > 0 && isIdPart(t.charCodeAt(k - 1))) f = false;
        i = stringBody(t, i, f);
        break;
      }
      case C.COLON:
        if (depth === 0 && headerColon === -1 && t.charCodeAt(i + 1) !== C.EQ) headerColon = i;
        i++;
        break;
      case 40:
      case 91:
      case C.LBRACE:
        depth++;
        i++;
        break;
      default:
        // ) ] }
        if (--depth < 0) throw new Bail();
        i++;
    }
  }
  if (depth !== 0) throw new Bail();
  endLogicalLine(n);
  if (pending) throw new Bail();
  if (open) {
    open.bodyEnd = lastEnd;
    defs.push(open);
  }
  return { defs, aliases };
}

function build(t: string, found: { defs: Def[]; aliases: Set<string> }): Skeleton | undefined {
  const defs = found.defs.filter((d) => d.bodyEnd - d.bodyStart >= MIN_BODY);
  if (!defs.length) return undefined;
  // What keeps a body, by position (the TRIGGER words are looked for in the
  // bodies alone, below: a third of a module's text is outside them).
  const keep: number[] = [];
  if (t.includes('flyte')) {
    FLYTE_IMPORT.lastIndex = 0;
    for (let m = FLYTE_IMPORT.exec(t); m; m = FLYTE_IMPORT.exec(t)) keep.push(m.index);
  }
  for (const a of found.aliases) {
    for (let i = t.indexOf(a); i !== -1; i = t.indexOf(a, i + 1)) {
      if (!isIdPart(t.charCodeAt(i - 1)) && !isIdPart(t.charCodeAt(i + a.length))) keep.push(i);
    }
  }
  keep.sort((a, b) => a - b);
  // The text in pieces, joined once: what is kept as slices of it, a blanked
  // body as `0` and runs of spaces between its line breaks (one unit for one
  // unit, so every offset stays; a one-byte text stays one-byte).
  const pieces: string[] = [];
  const blanked: [number, number][] = [];
  let last = 0;
  let k = 0;
  for (const d of defs) {
    while (k < keep.length && keep[k] < d.bodyStart) k++;
    if (k < keep.length && keep[k] < d.bodyEnd) continue;
    if (triggered(t, d.bodyStart, d.bodyEnd)) continue;
    pieces.push(t.slice(last, d.bodyStart), '0');
    blankInto(pieces, t, d.bodyStart + 1, d.bodyEnd);
    last = d.bodyEnd;
    blanked.push([d.bodyStart, d.bodyEnd]);
  }
  if (!blanked.length) return undefined;
  pieces.push(t.slice(last));
  return { text: pieces.join(''), blanked };
}

/**
 * Whether a TRIGGER word that keeps a body is written in t[a, b). The words
 * hold no space or line break, and a body starts after its first line's
 * indentation and ends at a line break: the hits are those a scan of the
 * whole text finds there.
 */
function triggered(t: string, a: number, b: number): boolean {
  const body = t.slice(a, b);
  TRIGGER.lastIndex = 0;
  for (let m = TRIGGER.exec(body); m; m = TRIGGER.exec(body)) if (keeps(t, a + m.index, m[0])) return true;
  return false;
}

const SPACES = ' '.repeat(1024);

function spaces(n: number): string {
  return n <= SPACES.length ? SPACES.slice(0, n) : ' '.repeat(n);
}

/** `t` from `a` to `b` with every character but CR and LF as a space, onto `out`. */
function blankInto(out: string[], t: string, a: number, b: number): void {
  let i = a;
  while (i < b) {
    let nl = t.indexOf('\n', i);
    if (nl === -1 || nl >= b) nl = b;
    // A CR before the LF (the text has no lone CR) is kept with it.
    const end = nl > i && t.charCodeAt(nl - 1) === C.CR ? nl - 1 : nl;
    if (end > i) out.push(spaces(end - i));
    if (nl < b) out.push(end < nl ? '\r\n' : '\n');
    else if (end < nl) out.push('\r');
    i = nl + 1;
  }
}

/**
 * Whether one of `names` is written as a word in a blanked body. Module
 * constants a declaration reads: a fix to one is unsafe when other code
 * uses it (server/engine/sharedConstants.ts counts the uses in the tree),
 * so then the caller parses the full text.
 */
export function blankedMentions(text: string, blanked: readonly [number, number][], names: ReadonlySet<string>): boolean {
  if (!names.size) return false;
  for (const [a, b] of blanked) {
    for (const name of names) {
      for (let i = text.indexOf(name, a); i !== -1 && i + name.length <= b; i = text.indexOf(name, i + 1)) {
        if (!isIdPart(text.charCodeAt(i - 1)) && !isIdPart(text.charCodeAt(i + name.length))) return true;
      }
    }
  }
  return false;
}
