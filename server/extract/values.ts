// Static resolution of Python expressions to Values. Resolves only what is
// certain: literals, implicit concatenation, `+`, f-strings whose parts
// resolve, module-level constants assigned exactly once, and the default of
// os.getenv / os.environ.get. Anything else is `unknown` with a reason, and no
// rule reports on an unknown value. With `paths` set (the Flyte 2
// extractor), `pathlib.Path(...)`, `/`, `.parent` and `__file__` resolve too.

import type { SyntaxNode, Tree } from 'tree-sitter';
import { LineIndex, type Range } from '../model/position';
import type { DictEntry, ListValue, StrValue, Value } from '../model/decl';
import { purePath } from '../flyte/value';
import { decodeEscapes } from './pyString';
import { Scopes, type ScopeRef } from './scopes';

/**
 * Line starts of the text each tree was parsed from (trees parsed from a
 * string keep it as `input`); null for other trees. Offsets of nodes and
 * cursors index this text.
 */
const lineIndexes = new WeakMap<Tree, LineIndex | null>();

export function lineIndexOf(tree: Tree): LineIndex | null {
  let idx = lineIndexes.get(tree);
  if (idx === undefined) {
    const input = (tree as unknown as { input?: unknown }).input;
    idx = typeof input === 'string' ? new LineIndex(input) : null;
    lineIndexes.set(tree, idx);
  }
  return idx;
}

/**
 * A node's range. From its offsets and the text's line starts: two native
 * calls instead of four (startPosition/endPosition, each read twice) and no
 * point objects. Rows count \n only and columns are UTF-16 units, as in
 * tree-sitter's binding.
 */
export function nodeRange(n: SyntaxNode): Range {
  const idx = lineIndexOf(n.tree);
  if (idx) return { start: idx.positionAt(n.startIndex), end: idx.positionAt(n.endIndex) };
  const s = n.startPosition;
  const e = n.endPosition;
  return { start: { line: s.row, character: s.column }, end: { line: e.row, character: e.column } };
}

/** Names bound by `import` statements: what they refer to. */
export interface ImportTable {
  /** local name -> dotted target (`ImageSpec` -> `flytekit.ImageSpec`, `fl` -> `flytekit`, `getenv` -> `os.getenv`). */
  names: Map<string, string>;
}

/** Module-level names assigned exactly once, with the value expression. */
export interface ModuleScope {
  constants: Map<string, SyntaxNode>;
  /** Names bound more than once, conditionally, or declared `global` somewhere: never resolved. */
  ambiguous: Set<string>;
  imports: ImportTable;
}

/** Hook for calls the extractor understands (nested ImageSpec). */
export type CallHook = (call: SyntaxNode) => Value | undefined;

/** `pathlib.Path` values, for an extractor that wants them (Flyte 2). */
export interface PathSupport {
  /** The module's own absolute path: `__file__`. */
  file: string;
  /** Whether a callee (in the resolver's current scopes) is `pathlib.Path` or an alias of it. */
  isPathClass(fn: SyntaxNode): boolean;
}

const MAX_DEPTH = 64;

export class ValueResolver {
  /**
   * The scopes enclosing the expression being resolved (innermost first; the
   * extractor sets it per declaration). Every name a resolvable expression
   * can reach sits in the same scopes as the call whose argument it is: the
   * forms that open a scope (lambda, comprehension) are never resolved.
   */
  chain: readonly ScopeRef[] = [];

  /** Called with every name whose module-level meaning a value reads (incremental extraction records them). */
  onModuleName?: (name: string) => void;

  /** Set: `pathlib.Path` expressions resolve to `path` values. */
  paths?: PathSupport;

  constructor(
    private readonly scope: ModuleScope,
    private readonly scopes: Scopes,
    private readonly callHook?: CallHook,
  ) {}

  resolve(n: SyntaxNode): Value {
    return this.eval(n, new Set(), 0);
  }

  private unknown(n: SyntaxNode, reason: string): Value {
    return { kind: 'unknown', range: nodeRange(n), reason };
  }

  private eval(n: SyntaxNode, visiting: Set<string>, depth: number): Value {
    if (depth > MAX_DEPTH) return this.unknown(n, 'expression nested too deeply');
    const range = nodeRange(n);
    switch (n.type) {
      case 'string':
        return this.evalString(n, visiting, depth);
      case 'concatenated_string': {
        const parts = n.namedChildren.filter((c) => c.type === 'string');
        let value = '';
        let only: StrValue | undefined;
        for (const p of parts) {
          const v = this.evalString(p, visiting, depth);
          if (v.kind !== 'str') return { ...v, range };
          value += v.value;
          only = v;
        }
        // Implicit concatenation: a fix can no longer rewrite "the" literal.
        return parts.length === 1 && only ? { ...only, range } : { kind: 'str', value, range };
      }
      case 'parenthesized_expression': {
        const inner = n.namedChildren.find((c) => c.type !== 'comment');
        if (!inner) return this.unknown(n, 'empty parentheses');
        const v = this.eval(inner, visiting, depth + 1);
        return { ...v, range } as Value;
      }
      case 'integer': {
        const text = n.text.replace(/_/g, '');
        const v = /^0[xX]/.test(text)
          ? parseInt(text.slice(2), 16)
          : /^0[oO]/.test(text)
            ? parseInt(text.slice(2), 8)
            : /^0[bB]/.test(text)
              ? parseInt(text.slice(2), 2)
              : /[jJ]$/.test(text)
                ? NaN
                : Number(text);
        if (Number.isNaN(v)) return this.unknown(n, 'complex number');
        return { kind: 'num', value: v, text: n.text, isFloat: false, range };
      }
      case 'float': {
        if (/[jJ]$/.test(n.text)) return this.unknown(n, 'complex number');
        return { kind: 'num', value: Number(n.text.replace(/_/g, '')), text: n.text, isFloat: true, range };
      }
      case 'true':
      case 'false':
        return { kind: 'bool', value: n.type === 'true', range };
      case 'none':
        return { kind: 'none', range };
      case 'unary_operator': {
        const op = n.child(0)?.type;
        const arg = n.childForFieldName('argument');
        if (arg && (op === '-' || op === '+')) {
          const v = this.eval(arg, visiting, depth + 1);
          if (v.kind === 'num') return { ...v, value: op === '-' ? -v.value : v.value, text: n.text, range };
        }
        return this.unknown(n, 'unary operation');
      }
      case 'list':
      case 'tuple':
      case 'set':
        return this.evalSequence(n, visiting, depth);
      case 'dictionary':
        return this.evalDict(n, visiting, depth);
      case 'binary_operator':
        return this.evalBinary(n, visiting, depth);
      case 'identifier':
        if (this.paths && n.text === '__file__' && !this.scopes.isLocal(this.chain, '__file__') && !this.scope.constants.has('__file__')) {
          return { kind: 'str', value: this.paths.file, range };
        }
        return this.evalName(n, visiting, depth);
      case 'call':
        if (this.paths) {
          const p = this.evalPathCall(n, visiting, depth);
          if (p) return p;
        }
        return this.evalCall(n, visiting, depth);
      case 'attribute':
        if (this.paths) {
          const obj = n.childForFieldName('object');
          const attr = n.childForFieldName('attribute')?.text;
          if (obj && attr === 'parent') {
            const v = this.eval(obj, visiting, depth + 1);
            if (v.kind === 'path') return { kind: 'path', value: purePath(v.value).parent, range };
            if (v.kind === 'unknown') return { ...v, range };
          }
        }
        return this.unknown(n, 'attribute is not resolved statically');
      default:
        return this.unknown(n, `${n.type.replace(/_/g, ' ')} is not resolved statically`);
    }
  }

  private evalString(n: SyntaxNode, visiting: Set<string>, depth: number): Value {
    const range = nodeRange(n);
    const plain = plainLiteral(n);
    if (plain) {
      const v: StrValue = { kind: 'str', value: plain.value, range };
      v.origin = { literalRange: range, quote: plain.quote, prefix: plain.prefix };
      return v;
    }
    const start = n.child(0);
    const startText = start?.type === 'string_start' ? start.text : '"';
    const m = /^([A-Za-z]*)('''|"""|'|")$/.exec(startText);
    const prefix = (m?.[1] ?? '').toLowerCase();
    const quote = m?.[2] ?? '"';
    if (prefix.includes('b')) return this.unknown(n, 'bytes literal, not a str');
    if (n.hasError) return this.unknown(n, 'string with a syntax error');
    const raw = prefix.includes('r');
    const isF = prefix.includes('f') || prefix.includes('t');
    if (prefix.includes('t')) return this.unknown(n, 'template string');
    let value = '';
    let interpolated = false;
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i)!;
      if (c.type === 'string_start' || c.type === 'string_end') continue;
      if (c.type === 'string_content') {
        let body = c.text;
        if (isF) body = body.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
        if (!raw) {
          const d = decodeEscapes(body);
          if (d === undefined) return this.unknown(n, 'escape sequence not resolved statically');
          body = d;
        }
        value += body;
      } else if (c.type === 'interpolation') {
        interpolated = true;
        if (c.childForFieldName('type_conversion') || c.childForFieldName('format_specifier')) {
          return this.unknown(n, 'f-string with a conversion or format spec');
        }
        if (c.children.some((k) => k.type === '=')) return this.unknown(n, 'self-documenting f-string expression');
        const expr = c.childForFieldName('expression');
        if (!expr) return this.unknown(n, 'empty f-string expression');
        const v = this.eval(expr, visiting, depth + 1);
        const s = pyStr(v);
        if (s === undefined) {
          return this.unknown(n, v.kind === 'unknown' ? `f-string part ${expr.text}: ${v.reason}` : 'f-string part not a simple value');
        }
        value += s;
      } else if (c.type === 'escape_interpolation') {
        value += c.text[0];
      } else if (c.type === 'comment') {
        continue;
      } else {
        return this.unknown(n, 'string form not resolved statically');
      }
    }
    const v: StrValue = { kind: 'str', value, range };
    if (!interpolated) v.origin = { literalRange: range, quote, prefix };
    return v;
  }

  private evalSequence(n: SyntaxNode, visiting: Set<string>, depth: number): ListValue {
    const items: Value[] = [];
    for (const c of n.namedChildren) {
      if (c.type === 'comment') continue;
      if (c.type === 'list_splat' || c.type === 'parenthesized_list_splat') {
        const inner = c.namedChildren[0];
        const v = inner ? this.eval(inner, visiting, depth + 1) : undefined;
        // A loop, not push(...): spreading 100k+ items overflows the stack.
        if (v && v.kind === 'list') for (const x of v.items) items.push(x);
        else items.push(this.unknown(c, 'unpacked value not resolved statically'));
        continue;
      }
      items.push(this.eval(c, visiting, depth + 1));
    }
    const form = n.type === 'list' ? 'list' : n.type === 'tuple' ? 'tuple' : 'set';
    return { kind: 'list', items, form, range: nodeRange(n) };
  }

  private evalDict(n: SyntaxNode, visiting: Set<string>, depth: number): Value {
    const entries: DictEntry[] = [];
    let open = false;
    for (const c of n.namedChildren) {
      if (c.type === 'pair') {
        const k = c.childForFieldName('key');
        const v = c.childForFieldName('value');
        if (!k || !v) return this.unknown(n, 'incomplete dict');
        entries.push({ key: this.eval(k, visiting, depth + 1), value: this.eval(v, visiting, depth + 1) });
      } else if (c.type === 'dictionary_splat') {
        const inner = c.namedChildren[0];
        const v = inner ? this.eval(inner, visiting, depth + 1) : undefined;
        if (v && v.kind === 'dict' && !v.open) for (const x of v.entries) entries.push(x);
        else open = true;
      } else if (c.type !== 'comment') {
        return this.unknown(n, 'dict comprehension or unsupported entry');
      }
    }
    return { kind: 'dict', entries, open: open || undefined, range: nodeRange(n) };
  }

  private evalBinary(n: SyntaxNode, visiting: Set<string>, depth: number): Value {
    const op = n.childForFieldName('operator')?.type;
    const l = n.childForFieldName('left');
    const r = n.childForFieldName('right');
    if (op === '/' && this.paths && l && r) {
      const a = this.eval(l, visiting, depth + 1);
      const b = this.eval(r, visiting, depth + 1);
      if (a.kind === 'path' && (b.kind === 'str' || b.kind === 'path')) return { kind: 'path', value: joinPath(a.value, b.value), range: nodeRange(n) };
      if (a.kind === 'unknown') return { ...a, range: nodeRange(n) };
      if (b.kind === 'unknown') return { ...b, range: nodeRange(n) };
      return this.unknown(n, `${a.kind} / ${b.kind} is not resolved statically`);
    }
    if (op !== '+' || !l || !r) return this.unknown(n, `operator ${op ?? '?'} is not resolved statically`);
    const a = this.eval(l, visiting, depth + 1);
    const b = this.eval(r, visiting, depth + 1);
    const range = nodeRange(n);
    if (a.kind === 'str' && b.kind === 'str') return { kind: 'str', value: a.value + b.value, range };
    if (a.kind === 'list' && b.kind === 'list' && (a.form ?? 'list') === (b.form ?? 'list')) {
      return { kind: 'list', items: [...a.items, ...b.items], form: a.form, range };
    }
    if (a.kind === 'num' && b.kind === 'num') {
      const value = a.value + b.value;
      return { kind: 'num', value, text: String(value), isFloat: a.isFloat || b.isFloat, range };
    }
    if (a.kind === 'unknown') return { ...a, range };
    if (b.kind === 'unknown') return { ...b, range };
    return this.unknown(n, `${a.kind} + ${b.kind} is not resolved statically`);
  }

  private evalName(n: SyntaxNode, visiting: Set<string>, depth: number): Value {
    const name = n.text;
    const range = nodeRange(n);
    if (this.scopes.isLocal(this.chain, name)) return this.unknown(n, `${name} is a local name`);
    this.onModuleName?.(name);
    if (this.scope.ambiguous.has(name)) return this.unknown(n, `${name} is assigned more than once`);
    const def = this.scope.constants.get(name);
    if (!def) {
      if (this.scope.imports.names.has(name)) return this.unknown(n, `${name} is imported`);
      return this.unknown(n, `${name} is not a module constant`);
    }
    if (visiting.has(name)) return this.unknown(n, `${name} refers to itself`);
    visiting.add(name);
    // The constant's value is module-level code.
    const chain = this.chain;
    this.chain = [];
    let v: Value;
    try {
      v = this.eval(def, visiting, depth + 1);
    } finally {
      this.chain = chain;
      visiting.delete(name);
    }
    if (v.kind === 'str') return { ...v, range, constant: v.constant ?? name };
    return { ...v, range } as Value;
  }

  private evalCall(n: SyntaxNode, visiting: Set<string>, depth: number): Value {
    const hooked = this.callHook?.(n);
    if (hooked) return hooked;
    const fn = n.childForFieldName('function');
    const args = n.childForFieldName('arguments');
    if (!fn || !args || args.type !== 'argument_list') return this.unknown(n, 'call is not resolved statically');
    const target = this.dottedTarget(fn);
    if (target === 'os.getenv' || target === 'os.environ.get') {
      let key: SyntaxNode | undefined;
      let dflt: SyntaxNode | undefined;
      let pos = 0;
      for (const a of args.namedChildren) {
        if (a.type === 'comment') continue;
        if (a.type === 'keyword_argument') {
          const kw = a.childForFieldName('name')?.text;
          const v = a.childForFieldName('value') ?? undefined;
          if (kw === 'key') key = v;
          else if (kw === 'default') dflt = v;
          else return this.unknown(n, `${target}() with keyword ${kw}`);
        } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
          return this.unknown(n, `${target}() with unpacked arguments`);
        } else {
          if (pos === 0) key = a;
          else if (pos === 1) dflt = a;
          pos++;
        }
      }
      const k = key ? this.eval(key, visiting, depth + 1) : undefined;
      const envName = k?.kind === 'str' ? k.value : key?.text ?? '?';
      if (!dflt) return this.unknown(n, `$${envName} at run time, no default`);
      const d = this.eval(dflt, visiting, depth + 1);
      if (d.kind === 'str') return { ...d, range: nodeRange(n), envDefault: envName };
      if (d.kind === 'unknown') return { ...d, range: nodeRange(n) };
      // A non-str default (None, a number) is what flytekit gets when the variable is unset.
      return { ...d, range: nodeRange(n) } as Value;
    }
    return this.unknown(n, `call to ${fn.text.length > 40 ? fn.text.slice(0, 40) + '…' : fn.text}()`);
  }

  /** `Path(...)`, `PurePath(...)`, and `.resolve()` / `.absolute()` of an absolute path; undefined: not a path call. */
  private evalPathCall(n: SyntaxNode, visiting: Set<string>, depth: number): Value | undefined {
    const fn = n.childForFieldName('function');
    const args = n.childForFieldName('arguments');
    if (!fn || !args || args.type !== 'argument_list') return undefined;
    const range = nodeRange(n);
    if (fn.type === 'attribute') {
      const attr = fn.childForFieldName('attribute')?.text;
      const obj = fn.childForFieldName('object');
      if (obj && (attr === 'resolve' || attr === 'absolute') && args.namedChildren.every((c) => c.type === 'comment')) {
        const v = this.eval(obj, visiting, depth + 1);
        if (v.kind === 'path') return purePath(v.value).absolute ? { ...v, range } : this.unknown(n, `${attr}() of a relative path depends on the folder flyte runs in`);
        if (v.kind === 'unknown') return { ...v, range };
        return undefined;
      }
    }
    if (!this.paths!.isPathClass(fn)) return undefined;
    let value = '';
    for (const a of args.namedChildren) {
      if (a.type === 'comment') continue;
      if (a.type === 'keyword_argument' || a.type === 'list_splat' || a.type === 'dictionary_splat') return this.unknown(n, 'Path() with unpacked or keyword arguments');
      const v = this.eval(a, visiting, depth + 1);
      if (v.kind === 'unknown') return { ...v, range };
      if (v.kind !== 'str' && v.kind !== 'path') return this.unknown(n, `Path() of a ${v.kind}`);
      value = value === '' ? v.value : joinPath(value, v.value);
    }
    return { kind: 'path', value: purePath(value).str, range };
  }

  /** `os.environ.get` for `environ.get` when `from os import environ`, etc. */
  dottedTarget(fn: SyntaxNode): string | undefined {
    const parts: string[] = [];
    let cur: SyntaxNode | null = fn;
    while (cur && cur.type === 'attribute') {
      const attr = cur.childForFieldName('attribute');
      if (!attr) return undefined;
      parts.unshift(attr.text);
      cur = cur.childForFieldName('object');
    }
    if (!cur || cur.type !== 'identifier') return undefined;
    const root = cur.text;
    if (this.scopes.isLocal(this.chain, root)) return undefined;
    this.onModuleName?.(root);
    const mapped = this.scope.imports.names.get(root);
    if (mapped) return [mapped, ...parts].join('.');
    return undefined;
  }
}

/**
 * A plain literal (no f, t or b prefix, no syntax error) read from its text:
 * its body is everything between the delimiters (one string_content node or
 * none: interpolations exist only in f-strings), so no child node is
 * materialized (each costs a native wrapper). Undefined: take the general path.
 */
function plainLiteral(n: SyntaxNode): { value: string; quote: string; prefix: string } | undefined {
  const count = n.childCount;
  if (count !== 2 && count !== 3) return undefined;
  const text = n.text;
  const m = /^([A-Za-z]*)('''|"""|'|")/.exec(text);
  if (!m) return undefined;
  const prefix = m[1].toLowerCase();
  const quote = m[2];
  if (/[bft]/.test(prefix)) return undefined;
  const bodyStart = m[0].length;
  const bodyEnd = text.length - quote.length;
  if (bodyEnd < bodyStart || !text.endsWith(quote) || n.hasError) return undefined;
  let value = text.slice(bodyStart, bodyEnd);
  if (!prefix.includes('r')) {
    const d = decodeEscapes(value);
    if (d === undefined) return undefined; // the general path reports it
    value = d;
  }
  return { value, quote, prefix };
}

/** PurePosixPath(a) / b: b when absolute, else a/b, normalised. */
function joinPath(a: string, b: string): string {
  return purePath(b.startsWith('/') ? b : `${a}/${b}`).str;
}

/** The str a Python f-string would insert for a resolved value, when it is certain. */
function pyStr(v: Value): string | undefined {
  switch (v.kind) {
    case 'str':
      return v.value;
    case 'path':
      return v.value;
    case 'num':
      return v.isFloat ? undefined : String(v.value);
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'none':
      return 'None';
    default:
      return undefined;
  }
}

/**
 * The ancestors of `n`, nearest first. tree-sitter's `node.parent` walks down
 * from the root on every call, so climbing with it is quadratic in the
 * nesting depth (seconds for a few thousand nested brackets); one descent
 * with a cursor is linear. (Not `childWithDescendant`: node-tree-sitter
 * 0.25 segfaults on it for nodes obtained with descendantForIndex.)
 */
export function ancestors(n: SyntaxNode): SyntaxNode[] {
  const root = n.tree.rootNode;
  const down: SyntaxNode[] = [];
  if (n.id !== root.id) {
    const c = root.walk();
    const s = n.startIndex;
    const e = n.endIndex;
    const holds = () => c.startIndex <= s && e <= c.endIndex && !(c.endIndex === s && s < e);
    let found = false;
    for (;;) {
      const cur = c.currentNode;
      if (cur.id === n.id) {
        found = true;
        break;
      }
      down.push(cur);
      // Straight to the first child ending at or after s (one native call,
      // not one per sibling: a module has thousands of statements); no
      // child ending before s can hold [s, e).
      if (s > 0 ? c.gotoFirstChildForIndex(s - 1) === null : !c.gotoFirstChild()) break;
      // The child holding [s, e): siblings overlap only in zero-width nodes.
      while (!holds() && c.gotoNextSibling());
      if (!holds()) break;
    }
    if (!found) {
      // Not reached by the descent (should not happen): climb the slow way.
      down.length = 0;
      for (let p = n.parent; p; p = p.parent) down.unshift(p);
    }
  }
  return down.reverse();
}

/** Local names an import statement binds. */
export function importBinds(stmt: SyntaxNode): string[] {
  const out: string[] = [];
  const isFrom = stmt.type === 'import_from_statement';
  const moduleNode = isFrom ? stmt.childForFieldName('module_name') : null;
  for (const c of stmt.namedChildren) {
    if (c === moduleNode || (moduleNode && c.id === moduleNode.id)) continue;
    if (c.type === 'aliased_import') {
      const alias = c.childForFieldName('alias');
      if (alias) out.push(alias.text);
    } else if (c.type === 'dotted_name') {
      out.push(isFrom ? c.text : c.namedChildren[0]?.text ?? c.text);
    }
  }
  return out;
}
