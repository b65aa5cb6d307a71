// Incremental extraction for the language server: on a keystroke, only the
// top-level statements whose text (or whose module-level inputs) changed are
// walked again; every other statement's declarations come from the last
// extraction of the same document, moved when the statement moved.
//
// Why the top-level statement is the unit: in a tree without syntax errors,
// a module-level statement parses the same wherever it sits (positions move
// with it, columns only on its first line after a `;`), and everything a
// declaration is built from lies inside it (the call,
// its arguments, the builder chain, the enclosing function and class scopes,
// the statement line), except three module-wide inputs:
//   * what names mean at module level (imports, `def ImageSpec`): `kindSig`;
//   * module constants its values read (`registry=REG`), transitively: each
//     name consulted is recorded with its signature (assigned more than once,
//     imported as what, or the constant's value text and position), and the
//     statement is reused only when every signature is unchanged;
//   * another statement's ImageSpec reached through a constant
//     (`base_image=base`): such statements share declaration objects (and
//     `parent` links) across statements, so both are rebuilt every time
//     (`cross`), and a rebuilt statement that newly reaches a reused one
//     makes the whole extraction start again without reuse.
// Trees with syntax errors are extracted in full (error recovery depends on
// the surroundings); their memo is the last clean one, carried over.
//
// The Flyte 2 extractor (flyte.ts) shares this machinery with one addition:
// its declarations span statements by design (`gpu = base.with_x(...)`
// extends `base`'s declaration, `TaskEnvironment(image=base)` holds it), so
// instead of rebuilding such statements every time, a statement records the
// statements whose declarations it holds (`uses`, by start position) and is
// reused only when each of them is reused in place (the same objects); the
// names it read (`base`) are deps as usual, so a moved or edited base
// rebuilds it. Its tracker lists every top-level statement up front
// (`eager`), so that the extractor scans only the text of the statements it
// rebuilds. Memos are kept per extractor (`MemoKind`).
//
// The memo hangs off the tree (a WeakMap), so it lives exactly as long as the
// language server keeps the document's tree, and the CLI (which never passes
// an old tree) never builds one. It holds declarations and strings only, no
// syntax nodes.

import type { SyntaxNode, Tree, TreeCursor } from 'tree-sitter';
import type { ImageDecl } from '../model/decl';
import type { LineIndex, Position, Range } from '../model/position';

export interface MemoEntry {
  /** The statement's text (an owned copy: a slice would keep the whole old document alive). */
  text: string;
  /** Where the statement was when its declarations were built or last moved. */
  range: Range;
  file: string;
  kindSig: string;
  /** Module-level names the statement's values consulted, with their signatures then. */
  deps: [string, string][];
  /** Declarations found at the statement's candidate calls, in extraction order (nested ones included). */
  decls: ImageDecl[];
  /** Where the other statements start whose declarations these hold (Flyte 2: a base image, an environment's image). */
  uses?: Position[];
  /**
   * A run of statements that declared nothing and read nothing (most of a
   * module: functions, docstrings, imports): an eager tracker's order keeps
   * them as one slot, carried over as one.
   */
  inert?: boolean;
}

/**
 * Every top-level statement of the text an eager tracker's memo was built
 * from, in order, with its entry: the next extraction carries the
 * statements outside the edit over without listing them again.
 */
export interface StatementOrder {
  text: string;
  slots: { start: number; end: number; range: Range; entry?: MemoEntry }[];
}

export class ExtractionMemo {
  private filled: boolean;

  constructor(
    readonly entries = new Map<string, MemoEntry[]>(),
    readonly order?: StatementOrder,
  ) {
    // An eager tracker's memo keeps its entries in `order`, put in `entries` only when looked up by text.
    this.filled = !order;
  }

  /** An entry for this statement text, preferring one at the same position (reused without copying). */
  take(text: string, start: Position): MemoEntry | undefined {
    if (!this.filled) {
      this.filled = true;
      for (const sl of this.order!.slots) if (sl.entry && !sl.entry.inert) this.add(sl.entry);
    }
    const list = this.entries.get(text);
    if (!list || list.length === 0) return undefined;
    let i = list.findIndex((e) => e.range.start.line === start.line && e.range.start.character === start.character);
    if (i === -1) i = 0;
    return list.splice(i, 1)[0];
  }

  add(e: MemoEntry): void {
    const list = this.entries.get(e.text);
    if (list) list.push(e);
    else this.entries.set(e.text, [e]);
  }
}

/** Which extractor a memo belongs to: each keeps its own on the same tree. */
export type MemoKind = 'imagespec' | 'flyte';

const memos = new WeakMap<Tree, Map<MemoKind, ExtractionMemo>>();
const walks = new WeakMap<Tree, Map<MemoKind, boolean>>();

/**
 * Whether every extraction that read `tree` was incremental and reused
 * most statements: tree-sitter caches a JavaScript wrapper for every node a
 * walk touched, and tree.edit adjusts each, so only a tree walked in full is
 * worth replacing by a fresh re-parse before the next edit (diagnostics.ts keepTree).
 */
export function walkedLightly(tree: Tree): boolean {
  const w = walks.get(tree);
  if (!w || w.size === 0) return false;
  for (const light of w.values()) if (!light) return false;
  return true;
}

/** An extraction of `tree` by `kind` walked it lightly (reused most statements) or not. */
export function noteWalk(tree: Tree, kind: MemoKind, light: boolean): void {
  let w = walks.get(tree);
  if (!w) walks.set(tree, (w = new Map()));
  w.set(kind, light);
}

export function memoOf(tree: Tree | undefined, kind: MemoKind = 'imagespec'): ExtractionMemo | undefined {
  return tree ? memos.get(tree)?.get(kind) : undefined;
}

export function setMemo(tree: Tree, memo: ExtractionMemo | undefined, kind: MemoKind = 'imagespec'): void {
  if (!memo) return;
  let m = memos.get(tree);
  if (!m) memos.set(tree, (m = new Map()));
  m.set(kind, memo);
}

/** A re-parse of the same document keeps every extractor's memo (they are keyed by statement text, not by tree). */
export function carryMemos(from: Tree | undefined, to: Tree): void {
  const m = from ? memos.get(from) : undefined;
  if (m) memos.set(to, new Map(m));
}

/** Thrown inside an incremental extraction that must start again without reuse. */
export const START_OVER = Symbol('start over without reuse');

/** One top-level statement; its collections are made on first use (an eager tracker makes a slot per statement per keystroke). */
export class StatementSlot {
  /** Declarations served from the memo; undefined when the statement is built this time. */
  reused?: ImageDecl[];
  entry?: MemoEntry;
  /** Reused from an entry that was somewhere else (its declarations are moved copies). */
  moved?: boolean;
  /** 0: not decided yet (eager trackers decide on first lookup), 1: deciding, 2: decided. */
  state: 0 | 1 | 2 = 0;
  /** ImageSpec: holds or is held by another statement's spec (never memoised). */
  cross = false;
  private d?: Set<string>;
  private u?: Map<string, Position>;
  private ds?: ImageDecl[];

  constructor(
    readonly start: number,
    readonly end: number,
    readonly range: Range,
    readonly text: string,
  ) {}

  /** Module-level names the statement's values consulted. */
  get deps(): Set<string> {
    return (this.d ??= new Set());
  }

  /** Other statements whose declarations this one's hold, by start position ("line:character"). */
  get uses(): Map<string, Position> {
    return (this.u ??= new Map());
  }

  /** Declarations built for the statement this time. */
  get decls(): ImageDecl[] {
    return (this.ds ??= []);
  }

  hasUses(): boolean {
    return !!this.u && this.u.size > 0;
  }

  /** Declared nothing and read nothing (see MemoEntry.inert). */
  isInert(): boolean {
    if (this.reused) return !!this.entry && this.reused.length === 0 && this.entry.deps.length === 0 && !this.entry.uses?.length;
    return !this.cross && !this.ds?.length && !this.d?.size && !this.hasUses();
  }
}

export interface TrackerInputs {
  root: SyntaxNode;
  text: string;
  file: string;
  lines: LineIndex;
  kindSig: string;
  /** The signature of what a module-level name means now. */
  sigOf: (name: string) => string;
  previous?: ExtractionMemo;
  /** List every top-level statement at once (`all()`), instead of those looked up. */
  eager?: boolean;
  /**
   * Eager trackers: the text the edited old tree was parsed from, and the
   * ranges (new offsets) whose syntax changed since (tree.getChangedRanges).
   * When the previous memo was built from that text, the statements outside
   * the edit and those ranges are carried over instead of listed again.
   */
  edit?: { oldText: string | undefined; changed: ChangedRanges };
}

/**
 * Where the syntax changed beyond the edited text (new offsets), given the
 * text replaced and the new text's span [start, end): the extractor asks
 * tree-sitter (getChangedRanges) unless the edit cannot change any token
 * outside the statement it is in.
 */
export type ChangedRanges = (replaced: string, start: number, end: number) => readonly Span[];

const CHUNK = 256;

/**
 * An edit that replaces identifier characters and spaces inside a line by
 * others (typing a name, a word in a string or a comment) leaves the lexer
 * where it was after it: no token outside the statement holding it changes.
 * Quotes, brackets, backslashes, `#`, line breaks and indentation may.
 */
export function localEdit(replaced: string, inserted: string, text: string, start: number): boolean {
  if (!/^[A-Za-z0-9_ ]*$/.test(replaced) || !/^[A-Za-z0-9_ ]*$/.test(inserted)) return false;
  if (!replaced.includes(' ') && !inserted.includes(' ')) return true;
  // Spaces count only after something on the line (not indentation).
  for (let i = start - 1; i >= 0; i--) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || ch === 13) return false;
    if (ch !== 32 && ch !== 9 && ch !== 12) return true;
  }
  return false;
}

interface Span {
  start: number;
  end: number;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The top-level statements an extraction looked at, in text order, with their reuse decision. */
export class StatementTracker {
  private slots: StatementSlot[] = [];
  private cursor?: TreeCursor;

  /** Entries of the statements carried over, by slot (an eager tracker's). */
  private carried = new Map<StatementSlot, MemoEntry>();
  /** Where statements not carried over look for their entry. */
  private pool: ExtractionMemo | undefined;

  constructor(private readonly o: TrackerInputs) {
    this.pool = o.previous;
    if (!o.eager) return;
    const order = o.previous?.order;
    if (order && o.edit && o.edit.oldText === order.text && this.carry(order, o.edit.changed)) return;
    this.slots = [];
    this.carried.clear();
    this.pool = o.previous;
    this.listAll();
  }

  /**
   * The statements of the new text from the previous order: those before and
   * after the edited text, outside the ranges whose syntax changed (each
   * widened by a character), keep their entry; the others are listed from
   * the tree and look theirs up by text. False: the tree does not match
   * (then every statement is listed).
   */
  private carry(order: StatementOrder, changed: ChangedRanges): boolean {
    const old = order.text;
    const text = this.o.text;
    const oldLen = old.length;
    const newLen = text.length;
    const max = Math.min(oldLen, newLen);
    // Compared a chunk at a time (one native comparison each), then character by character.
    let p = 0;
    while (p + CHUNK <= max && old.slice(p, p + CHUNK) === text.slice(p, p + CHUNK)) p += CHUNK;
    while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
    let sfx = 0;
    while (sfx + CHUNK <= max - p && old.slice(oldLen - sfx - CHUNK, oldLen - sfx) === text.slice(newLen - sfx - CHUNK, newLen - sfx)) sfx += CHUNK;
    while (sfx < max - p && old.charCodeAt(oldLen - 1 - sfx) === text.charCodeAt(newLen - 1 - sfx)) sfx++;
    const oldEnd = oldLen - sfx;
    const newEnd = newLen - sfx;
    const delta = newLen - oldLen;
    const dirty: Span[] = [{ start: p - 1, end: newEnd + 1 }];
    for (const c of changed(old.slice(p, oldEnd), p, newEnd)) dirty.push({ start: c.start - 1, end: c.end + 1 });
    const touches = (a: number, b: number) => dirty.some((d) => a <= d.end && b >= d.start);
    const lines = this.o.lines;
    const editLine = lines.positionAt(p).line;
    const oldEditEndLine = editLine + countLines(old, p, oldEnd);
    const lineDelta = countLines(text, p, newEnd) - (oldEditEndLine - editLine);
    const pool: MemoEntry[] = [];
    const keep: StatementSlot[] = [];
    for (const sl of order.slots) {
      const before = sl.end < p;
      if (!sl.entry || (!before && sl.start < oldEnd)) {
        if (sl.entry && !sl.entry.inert) pool.push(sl.entry);
        continue;
      }
      const start = before ? sl.start : sl.start + delta;
      const end = before ? sl.end : sl.end + delta;
      if (touches(start, end)) {
        if (!sl.entry.inert) pool.push(sl.entry);
        continue;
      }
      let range: Range;
      if (before) range = sl.range;
      else if (sl.range.start.line > oldEditEndLine) {
        range = { start: { line: sl.range.start.line + lineDelta, character: sl.range.start.character }, end: { line: sl.range.end.line + lineDelta, character: sl.range.end.character } };
      } else range = { start: lines.positionAt(start), end: lines.positionAt(end) };
      const slot = new StatementSlot(start, end, range, text.slice(start, end));
      this.carried.set(slot, sl.entry);
      keep.push(slot);
    }
    // The statements between those carried over, from the tree.
    const c = this.o.root.walk();
    const out: StatementSlot[] = [];
    let from = 0;
    for (let k = 0; k <= keep.length; k++) {
      const to = k < keep.length ? keep[k].start : newLen + 1;
      // Outside the edit and the changed ranges the tree is what it was: no statement between two carried over.
      if (touches(from, to) && c.gotoFirstChildForIndex(from) !== null) {
        do {
          const a = c.startIndex;
          const b = c.endIndex;
          if (a >= to) break;
          if (a < from || b > to) return false; // a statement across one carried over: not the tree expected
          out.push(this.slot(a, b, { start: lines.positionAt(a), end: lines.positionAt(b) }, text));
        } while (c.gotoNextSibling());
        c.gotoParent();
      }
      if (k < keep.length) {
        out.push(keep[k]);
        from = keep[k].end;
      }
    }
    this.slots = out;
    this.pool = new ExtractionMemo();
    for (const e of pool) this.pool.add(e);
    return true;
  }

  /** Every top-level statement, in text order (an eager tracker's). */
  all(): readonly StatementSlot[] {
    for (const s of this.slots) this.ensure(s);
    return this.slots;
  }

  private listAll(): void {
    const c = this.o.root.walk();
    if (!c.gotoFirstChild()) return;
    const lines = this.o.lines;
    const text = this.o.text;
    do {
      const start = c.startIndex;
      const end = c.endIndex;
      this.slots.push(this.slot(start, end, { start: lines.positionAt(start), end: lines.positionAt(end) }, text));
    } while (c.gotoNextSibling());
  }

  private slot(start: number, end: number, range: Range, text: string): StatementSlot {
    return new StatementSlot(start, end, range, text.slice(start, end));
  }

  /** The top-level statement holding offset `i` (one native lookup per statement). */
  at(i: number): StatementSlot | undefined {
    const s = this.find(i);
    if (s) this.ensure(s);
    return s;
  }

  private ensure(s: StatementSlot): void {
    if (s.state !== 0) return;
    s.state = 1;
    this.decide(s);
    s.state = 2;
  }

  private find(i: number): StatementSlot | undefined {
    const slots = this.slots;
    let lo = 0;
    let hi = slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (slots[mid].end <= i) lo = mid + 1;
      else hi = mid;
    }
    if (lo < slots.length && slots[lo].start <= i) return slots[lo];
    // Through a cursor on the module: no node wrapper per statement.
    const c = (this.cursor ??= this.o.root.walk());
    if (c.gotoFirstChildForIndex(i) === null) return undefined;
    const start = c.startIndex;
    const end = c.endIndex;
    c.gotoParent();
    if (i < start || i >= end) return undefined;
    if (this.o.eager) return undefined; // between statements
    const range = { start: this.o.lines.positionAt(start), end: this.o.lines.positionAt(end) };
    const slot = this.slot(start, end, range, this.o.text);
    slots.splice(lo, 0, slot);
    return slot;
  }

  private decide(slot: StatementSlot): void {
    const e = this.carried.get(slot) ?? this.pool?.take(slot.text, slot.range.start);
    if (!e) return;
    if (e.file !== this.o.file || e.kindSig !== this.o.kindSig) return;
    for (const [name, sig] of e.deps) if (this.o.sigOf(name) !== sig) return;
    // Each statement whose declarations these hold must be reused in place: then they are the same objects.
    for (const p of e.uses ?? []) {
      const other = this.find(this.o.lines.offsetAt(p));
      if (!other || other === slot) return;
      this.ensure(other);
      if (other.state !== 2 || !other.reused || other.moved || !samePos(other.range.start, p)) return;
    }
    const same = samePos(e.range.start, slot.range.start);
    slot.reused = same ? e.decls : moveDecls(e.decls, e.range, slot.range.start);
    slot.moved = !same;
    slot.entry = e;
  }

  /** The statement built now (`current`) holds a declaration of the statement at offset `i`: recorded when that is another statement. */
  used(current: StatementSlot | undefined, i: number): void {
    if (!current) return;
    const other = this.find(i);
    if (!other || other === current) return;
    const p = other.range.start;
    current.uses.set(`${p.line}:${p.character}`, p);
  }

  /** Whether most statements were served from the memo (the walk touched few nodes). */
  mostlyReused(): boolean {
    let reused = 0;
    for (const s of this.slots) if (s.reused) reused++;
    return reused * 2 > this.slots.length;
  }

  /** The statements built this time (an eager tracker's), in text order. */
  rebuilt(): StatementSlot[] {
    return this.all().filter((s) => !s.reused);
  }

  reusedDecls(): ImageDecl[] {
    const out: ImageDecl[] = [];
    for (const s of this.slots) if (s.reused) for (const d of s.reused) out.push(d);
    return out;
  }

  /** What the next extraction of this document may reuse. */
  memo(): ExtractionMemo {
    if (this.o.eager) {
      // Entries in text order; the same entry object for a statement reused in place.
      const slots: StatementOrder['slots'] = [];
      let run: StatementOrder['slots'][number] | undefined;
      for (const s of this.slots) {
        if (s.isInert()) {
          // Joined to the run before it.
          if (run) {
            run.end = s.end;
            run.range = { start: run.range.start, end: s.range.end };
            run.entry!.range = run.range;
          } else {
            const range = s.range;
            run = { start: s.start, end: s.end, range, entry: { text: '', range, file: this.o.file, kindSig: this.o.kindSig, deps: [], decls: [], inert: true } };
            slots.push(run);
          }
          continue;
        }
        run = undefined;
        const entry = s.reused && s.entry ? (s.moved ? { ...s.entry, range: s.range, decls: s.reused } : s.entry) : !s.reused && !s.cross ? this.entryOf(s) : undefined;
        slots.push({ start: s.start, end: s.end, range: s.range, entry });
      }
      return new ExtractionMemo(new Map(), { text: this.o.text, slots });
    }
    const memo = new ExtractionMemo();
    for (const s of this.slots) {
      if (s.reused && s.entry) {
        memo.add({ ...s.entry, range: s.range, decls: s.reused });
      } else if (!s.reused && !s.cross) {
        memo.add(this.entryOf(s));
      }
    }
    return memo;
  }

  private entryOf(s: StatementSlot): MemoEntry {
    return {
      text: ownCopy(s.text),
      range: s.range,
      file: this.o.file,
      kindSig: this.o.kindSig,
      deps: [...s.deps].map((n) => [n, ownCopy(this.o.sigOf(n))]),
      decls: detach(s.decls),
      ...(s.hasUses() ? { uses: [...s.uses.values()] } : {}),
    };
  }
}

/** A copy of a string that does not share the document's storage (V8 slices do). */
function ownCopy(s: string): string {
  return Buffer.from(s, 'utf16le').toString('utf16le');
}

function samePos(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

/** A declaration object (any kind): what `uses` point at inside another statement's declarations. */
function isDecl(o: object): boolean {
  const r = o as Record<string, unknown>;
  return typeof r.statementLine === 'number' && Array.isArray(r.fields) && typeof r.source === 'string';
}

/**
 * Every object reachable from declarations outside `own` (another
 * statement's, which `own` hold): left as they are when `own` are copied or
 * detached. Empty for ImageSpec statements, which never keep another's.
 */
function foreignObjects(own: ImageDecl[]): Set<object> {
  const mine = new Set<object>(own);
  const seen = new Set<object>();
  const foreign = new Set<object>();
  const stack: object[] = [...own];
  while (stack.length) {
    const o = stack.pop()!;
    if (seen.has(o)) continue;
    seen.add(o);
    if (!mine.has(o) && isDecl(o)) {
      markAll(o, foreign);
      continue;
    }
    for (const v of Object.values(o)) if (v !== null && typeof v === 'object' && !foreign.has(v)) stack.push(v);
  }
  return foreign;
}

function markAll(root: object, into: Set<object>): void {
  const stack: object[] = [root];
  while (stack.length) {
    const o = stack.pop()!;
    if (into.has(o)) continue;
    into.add(o);
    for (const v of Object.values(o)) if (v !== null && typeof v === 'object') stack.push(v);
  }
}

/**
 * Gives the strings of freshly built declarations storage of their own, in
 * place (same contents). Values are slices of the text they were parsed from:
 * a declaration kept for many keystrokes would otherwise keep that whole
 * version of the document alive, one version per statement edited.
 */
function detach(decls: ImageDecl[]): ImageDecl[] {
  // Another statement's declarations (and what they hold) are that statement's to detach.
  const seen = foreignObjects(decls);
  const stack: object[] = [...decls];
  while (stack.length) {
    const o = stack.pop()!;
    if (seen.has(o)) continue;
    seen.add(o);
    const rec = o as Record<string, unknown>;
    for (const k of Object.keys(rec)) {
      const v = rec[k];
      // V8 copies strings shorter than 13 characters instead of slicing them.
      if (typeof v === 'string') {
        if (v.length > 12) rec[k] = ownCopy(v);
      } else if (v !== null && typeof v === 'object') stack.push(v);
    }
  }
  return decls;
}

function isPosition(o: Record<string, unknown>): o is Record<string, unknown> & Position {
  return typeof o.line === 'number' && typeof o.character === 'number';
}

/**
 * Copies of a statement's declarations for the statement moved from `from`
 * to start at `to`: every position inside the old statement moves with it
 * (columns only on its first line); positions outside it (a module
 * constant's literal) stay. Generic over the declaration's shape, so a field
 * added to the model later moves too; `statementLine` is the one line number
 * kept as a bare number. Shared objects stay shared, cycles (`parent`) stay
 * cycles. Another statement's declarations these hold (Flyte 2's base image)
 * are not copied: they stay the very objects that statement has.
 */
export function moveDecls(decls: ImageDecl[], from: Range, to: Position): ImageDecl[] {
  const dl = to.line - from.start.line;
  const dc = to.character - from.start.character;
  const s = from.start;
  const e = from.end;
  const inside = (p: Position) =>
    (p.line > s.line || (p.line === s.line && p.character >= s.character)) && (p.line < e.line || (p.line === e.line && p.character <= e.character));
  const copies = new Map<object, unknown>();
  for (const o of foreignObjects(decls)) copies.set(o, o);
  const copy = (v: unknown, key?: string): unknown => {
    if (typeof v === 'number' && key === 'statementLine') return v + dl;
    if (v === null || typeof v !== 'object') return v;
    const done = copies.get(v);
    if (done !== undefined) return done;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      copies.set(v, out);
      for (const x of v) out.push(copy(x)); // a loop: arrays may hold 100k+ items
      return out;
    }
    const o = v as Record<string, unknown>;
    if (isPosition(o)) {
      const p = inside(o) ? { line: o.line + dl, character: o.line === s.line ? o.character + dc : o.character } : { line: o.line, character: o.character };
      copies.set(v, p);
      return p;
    }
    const out: Record<string, unknown> = {};
    copies.set(v, out);
    for (const k of Object.keys(o)) out[k] = copy(o[k], k);
    return out;
  };
  return decls.map((d) => copy(d) as ImageDecl);
}
