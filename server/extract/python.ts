// Python source -> ImageDecl[] with tree-sitter-python. Finds every
// ImageSpec constructor call, however imported (see RULES.md "What is an
// ImageSpec declaration"), the builder calls chained on it, and nested
// base_image specs; resolves argument values through values.ts.

// tree-sitter (a native module, ~20 ms to load) is required on first parse:
// --version, --help, --list-rules and runs over files that never mention
// ImageSpec do not load it.
import type Parser = require('tree-sitter');
import type { SyntaxNode, Tree } from 'tree-sitter';
import type { ChainCall, FieldArg, ImageDecl, Value } from '../model/decl';
import { LineIndex, type Range } from '../model/position';
import { ancestors, importBinds, lineIndexOf, ModuleScope, nodeRange, ValueResolver } from './values';
import { importBindings, isModuleTarget, isSpecTarget, Scopes, SPEC_MODULE_ROOTS, type NameKind, type ScopeRef } from './scopes';
import { FIELD_NAMES } from '../flytekit/fields';
import { markWalkedLightly, memoOf, setMemo, START_OVER, StatementTracker, type ExtractionMemo, type StatementSlot } from './incremental';
export { walkedLightly } from './incremental';

let parser: Parser | undefined;

function getParser(): Parser {
  if (!parser) {
    const TreeSitter = require('tree-sitter') as typeof Parser;
    parser = new TreeSitter();
    parser.setLanguage(require('tree-sitter-python') as Parser.Language);
  }
  return parser;
}

const ID_CONTINUE = /[\p{ID_Continue}\u00b7\u2118\u212e\u309b\u309c]/u;

function identAt(text: string, i: number, back: boolean): boolean {
  if (i < 0 || i >= text.length) return false;
  let cp = text.charCodeAt(i);
  if (back && cp >= 0xdc00 && cp <= 0xdfff && i > 0) cp = text.codePointAt(i - 1)!;
  else if (!back) cp = text.codePointAt(i)!;
  return cp < 0x80 ? /[A-Za-z0-9_]/.test(String.fromCharCode(cp)) : ID_CONTINUE.test(String.fromCodePoint(cp));
}

/**
 * Calls spelled `NAME(...)` or `X.ImageSpec(...)` for the given names, found
 * from the text: each whole-word occurrence is looked up in the tree (one
 * native call) and kept when it is the callee of a call. Far cheaper than a
 * query over every call of the file (whose predicates run in JavaScript).
 */
function candidateCalls(root: SyntaxNode, names: Set<string>, text: string, skip?: (i: number) => boolean): SyntaxNode[] {
  // `text` is the whole document (tree indices are document offsets; the
  // module node itself starts at its first token).
  const out: SyntaxNode[] = [];
  const seen = new Set<number>();
  for (const name of names) {
    for (let i = text.indexOf(name); i !== -1; i = text.indexOf(name, i + name.length)) {
      const end = i + name.length;
      if (identAt(text, i - 1, true) || identAt(text, end, false)) continue;
      if (skip?.(i)) continue;
      const id = root.descendantForIndex(i, end);
      if (!id || id.type !== 'identifier' || id.startIndex !== i || id.endIndex !== end) continue;
      let fn: SyntaxNode = id;
      let p = id.parent;
      if (p && p.type === 'attribute') {
        if (name !== 'ImageSpec') continue;
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

/** Parses Python text; `oldTree` (already edited with tree.edit) makes it incremental. */
export function parsePython(text: string, oldTree?: Tree): Tree {
  // The binding reads the string in chunks; a buffer larger than the text
  // avoids pathological re-reads on big files.
  const source = blankLongCommentRuns(text);
  const tree = getParser().parse(source, oldTree, { bufferSize: Math.max(32 * 1024, source.length * 2 + 16) });
  // The memo is keyed by statement text, not by tree: it stays valid for a re-parse.
  setMemo(tree, memoOf(oldTree));
  return tree;
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

export interface PythonExtraction {
  decls: ImageDecl[];
  tree: Tree;
  /** Ranges of syntax errors; declarations that parsed are still returned. */
  syntaxErrors: Range[];
}

/**
 * `oldTree` (already edited with tree.edit): the re-parse is incremental, and
 * so is the extraction (incremental.ts): statements unchanged since the last
 * extraction of that tree keep their declarations.
 */
export function extractPython(text: string, file: string, oldTree?: Tree): PythonExtraction {
  const tree = parsePython(text, oldTree);
  let decls: ImageDecl[];
  if (oldTree) {
    const r = extractTracked(tree, file, text, memoOf(oldTree));
    decls = r.decls;
  } else {
    decls = extractFromTree(tree, file, text);
  }
  return { decls, tree, syntaxErrors: collectSyntaxErrors(tree) };
}

/**
 * An extraction that reuses `previous` where it can and leaves the memo for
 * the next one on the tree. A tree with syntax errors is extracted in full
 * and keeps the previous memo (still valid: it is keyed by statement text).
 */
function extractTracked(tree: Tree, file: string, text: string, previous: ExtractionMemo | undefined): { decls: ImageDecl[] } {
  if (tree.rootNode.hasError) {
    setMemo(tree, previous);
    return { decls: extractFromTree(tree, file, text) };
  }
  try {
    return extractWith(tree, file, text, { previous });
  } catch (e) {
    if (e !== START_OVER) throw e;
    return extractWith(tree, file, text, { previous: undefined });
  }
}

/** The document a tree was parsed from (string input), else the root's text. */
function documentText(tree: Tree): string {
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

/**
 * `text`: the document the tree was parsed from, when the caller has it
 * (reading it back through the root node copies the whole file).
 */
export function extractFromTree(tree: Tree, file: string, text: string = documentText(tree)): ImageDecl[] {
  return extractWith(tree, file, text).decls;
}

/** `track`: record statements for incremental extraction (reusing `previous`), and set the tree's memo. */
function extractWith(tree: Tree, file: string, text: string, track?: { previous: ExtractionMemo | undefined }): { decls: ImageDecl[] } {
  const root = tree.rootNode;
  const scope = buildModuleScope(root, text);
  const scopes = new Scopes(scope.kindOf);

  // Names the call query looks for: ImageSpec, and every name any import in
  // the file (module level or inside a function) binds to an ImageSpec.
  // Whether a call really is one is decided per call site below.
  const queryNames = new Set<string>(['ImageSpec']);
  for (const [local, target] of scope.imports.names) if (isSpecTarget(target)) queryNames.add(local);
  if (scope.nestedImports) {
    for (const stmt of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
      for (const [local, target] of importBindings(stmt)) if (isSpecTarget(target)) queryNames.add(local);
    }
  }

  // Per call: its ancestors (nearest first) and enclosing scopes, computed once.
  const paths = new Map<number, { up: SyntaxNode[]; chain: ScopeRef[] }>();
  const pathOf = (call: SyntaxNode) => {
    let p = paths.get(call.id);
    if (!p) {
      const up = ancestors(call);
      p = { up, chain: scopes.chainOf(call, up) };
      paths.set(call.id, p);
    }
    return p;
  };

  const isSpecCall = (call: SyntaxNode): boolean => {
    const fn = call.childForFieldName('function');
    if (!fn) return false;
    if (fn.type === 'identifier') return scopes.kindOf(pathOf(call).chain, fn.text) === 'spec';
    if (fn.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'ImageSpec') return false;
    let obj = fn.childForFieldName('object');
    while (obj && obj.type === 'attribute') obj = obj.childForFieldName('object');
    return !!obj && obj.type === 'identifier' && scopes.kindOf(pathOf(call).chain, obj.text) === 'module';
  };

  const byId = new Map<number, ImageDecl>();
  const decls: ImageDecl[] = [];
  let resolver: ValueResolver;

  const build = (call: SyntaxNode): ImageDecl => {
    const existing = byId.get(call.id);
    if (existing) return existing;
    const fn = call.childForFieldName('function')!;
    const argsNode = call.childForFieldName('arguments');
    const decl: ImageDecl = {
      source: 'python',
      file,
      range: nodeRange(call),
      calleeRange: nodeRange(fn),
      argsRange: argsNode ? nodeRange(argsNode) : nodeRange(call),
      fields: [],
      chain: [],
      opaque: false,
      statementLine: 0,
    };
    byId.set(call.id, decl);
    const { up, chain } = pathOf(call);
    const outerChain = resolver.chain;
    resolver.chain = chain;
    try {
    if (argsNode && argsNode.type === 'argument_list') {
      const { kwargs, positional, opaque } = readArgs(argsNode, resolver);
      decl.opaque = opaque;
      positional.forEach((v, i) => {
        decl.fields.push({
          name: FIELD_NAMES[i] ?? `#${i}`,
          nameRange: v.range,
          value: v,
          range: v.range,
          positional: true,
        });
      });
      for (const k of kwargs) decl.fields.push(k); // not push(...): a call may have 100k+ arguments
    } else if (argsNode) {
      // ImageSpec(x for x in y): a generator argument.
      decl.opaque = true;
    }
    for (const f of decl.fields) if (f.value.kind === 'spec') f.value.decl.parent = decl;
    decl.chain = readChain(call, up, resolver);
    } finally {
      resolver.chain = outerChain;
    }
    decl.statementLine = statementStart(call, up);
    return decl;
  };

  // Nested specs are built recursively; past MAX_SPEC_NESTING (far beyond
  // what CPython's parser accepts) the inner spec is unknown and the calls
  // inside it are not linted, instead of overflowing the stack.
  let nesting = 0;
  const tooDeep: { start: number; end: number }[] = [];
  // Incremental runs: the statement being extracted (`current`) and the others looked at.
  const tracker = track
    ? new StatementTracker({ root, text, file, lines: lineIndexOf(tree) ?? new LineIndex(text), kindSig: scope.kindSig, sigOf: moduleNameSig(scope, text), previous: track.previous })
    : undefined;
  let current: StatementSlot | undefined;

  resolver = new ValueResolver(scope, scopes, (call) => {
    if (!isSpecCall(call)) return undefined;
    if (tracker) {
      const slot = tracker.at(call.startIndex);
      // A spec of another statement, reached through a module constant (`base_image=base`).
      if (slot?.reused) throw START_OVER;
      if (slot !== current) {
        if (slot) slot.cross = true;
        if (current) current.cross = true;
      }
    }
    if (nesting >= MAX_SPEC_NESTING) {
      tooDeep.push({ start: call.startIndex, end: call.endIndex });
      return { kind: 'unknown', reason: 'ImageSpec nested too deeply', range: nodeRange(call) };
    }
    nesting++;
    try {
      return { kind: 'spec', decl: build(call), range: nodeRange(call) };
    } finally {
      nesting--;
    }
  });

  if (tracker) resolver.onModuleName = (name) => current?.deps.add(name);

  // Occurrences in statements served from the memo are not even looked up in the tree.
  const skip = tracker ? (i: number) => !!tracker.at(i)?.reused : undefined;
  for (const call of candidateCalls(root, queryNames, text, skip)) {
    if (tooDeep.length && tooDeep.some((r) => call.startIndex >= r.start && call.endIndex <= r.end)) continue;
    current = tracker?.at(call.startIndex);
    if (!isSpecCall(call)) continue;
    const decl = build(call);
    decls.push(decl);
    current?.decls.push(decl);
  }
  current = undefined;
  if (tracker) {
    for (const d of tracker.reusedDecls()) decls.push(d);
    setMemo(tree, tracker.memo());
    if (tracker.mostlyReused()) markWalkedLightly(tree);
  }
  decls.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { decls };
}

/**
 * What a module-level name means to a value that reads it (values.ts
 * evalName / dottedTarget): assigned more than once or not, imported as
 * what, and a constant's value as written and where (its literals' ranges
 * end up in declarations).
 */
function moduleNameSig(scope: FullModuleScope, text: string): (name: string) => string {
  const sigs = new Map<string, string>();
  return (name) => {
    let sig = sigs.get(name);
    if (sig === undefined) {
      const def = scope.constants.get(name);
      let constant = '';
      if (def) {
        const at = nodeRange(def).start;
        constant = `${at.line}:${at.character}:${text.slice(def.startIndex, def.endIndex)}`;
      }
      sig = `${scope.ambiguous.has(name) ? 'A' : ''}\0${scope.imports.names.get(name) ?? ''}\0${constant}`;
      sigs.set(name, sig);
    }
    return sig;
  };
}

function readArgs(argsNode: SyntaxNode, resolver: ValueResolver): { kwargs: FieldArg[]; positional: Value[]; opaque: boolean } {
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

/** `up`: the call's ancestors, nearest first (`node.parent` is O(depth) per call in tree-sitter). */
function readChain(call: SyntaxNode, up: SyntaxNode[], resolver: ValueResolver): ChainCall[] {
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

/** How deep `base_image=ImageSpec(base_image=ImageSpec(...))` is followed. */
const MAX_SPEC_NESTING = 50;

function statementStart(n: SyntaxNode, up: SyntaxNode[]): number {
  let cur = n;
  for (const p of up) {
    if (STATEMENT_PARENTS.has(p.type) || p.type === 'ERROR') break;
    cur = p;
  }
  return cur.startPosition.row;
}

/**
 * Every name written after the keyword `def` or `class` (a superset of the
 * names definitions bind): both the identifier tree-sitter's grammar would
 * read there and the whole token up to the next delimiter.
 */
function defNamesInText(text: string): Set<string> {
  const out = new Set<string>();
  if (!text.includes('def') && !text.includes('class')) return out;
  const re = /(?:def|class)[\s\\]+([^\s(:\[\\]+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // Every occurrence of a keyword gets its own match (`@dataclass\nclass X`).
    re.lastIndex = m.index + 1;
    const token = m[1];
    out.add(token);
    const id = /^[_\p{XID_Start}][_\p{XID_Continue}]*/u.exec(token);
    if (id) out.add(id[0]);
  }
  return out;
}

interface FullModuleScope extends ModuleScope {
  /** Names bound by def/class at module level. */
  definedNames: Set<string>;
  /** What a name means at module level (RULES.md "however imported"). */
  kindOf: (name: string) => NameKind;
  /** Whether the file may hold import statements below module level (in a def or class). */
  nestedImports: boolean;
  /** `kindOf` as a string: equal for two modules whose names mean the same at module level. */
  kindSig: string;
}

const COMPOUND = new Set([
  'if_statement',
  'elif_clause',
  'else_clause',
  'try_statement',
  'except_clause',
  'except_group_clause',
  'finally_clause',
  'for_statement',
  'while_statement',
  'with_statement',
  'match_statement',
  'case_clause',
  'block',
]);

/**
 * Module-level bindings. A name assigned once, unconditionally, at module
 * level is a constant; a name assigned again (anywhere at module level,
 * conditionally, or through `global` in a function) is ambiguous and never
 * resolved.
 */
export function buildModuleScope(root: SyntaxNode, text: string = ' '.repeat(root.startIndex) + root.text): FullModuleScope {
  const assigned = new Map<string, SyntaxNode[]>();
  const ambiguous = new Set<string>();
  const definedNames = new Set<string>();
  const imports = new Map<string, string>();
  let importStatements = 0;

  const addImport = (stmt: SyntaxNode) => {
    // The last import of a name wins.
    for (const [local, target] of importBindings(stmt)) imports.set(local, target);
  };

  const markTargets = (target: SyntaxNode | null, into: (name: string) => void) => {
    // A stack, not recursion: `((((a)))) = 1` may nest thousands deep.
    const stack: SyntaxNode[] = target ? [target] : [];
    while (stack.length) {
      const t = stack.pop()!;
      if (t.type === 'identifier') into(t.text);
      else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'list_splat_pattern', 'parenthesized_expression'].includes(t.type)) {
        const kids = t.namedChildren;
        for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
      }
    }
  };

  const visitStatement = (s: SyntaxNode, conditional: boolean) => {
    switch (s.type) {
      case 'expression_statement': {
        for (const e of s.namedChildren) {
          let a: SyntaxNode | null = e;
          if (a.type === 'assignment' || a.type === 'augmented_assignment') {
            const augmented = a.type === 'augmented_assignment';
            // `a = b = value`: every target gets the innermost right-hand side.
            const targets: SyntaxNode[] = [];
            let rhs: SyntaxNode | null = null;
            while (a && a.type === 'assignment') {
              const left = a.childForFieldName('left');
              if (left) targets.push(left);
              rhs = a.childForFieldName('right');
              a = rhs && rhs.type === 'assignment' ? rhs : null;
            }
            if (augmented) {
              markTargets(e.childForFieldName('left'), (n) => ambiguous.add(n));
              continue;
            }
            for (const t of targets) {
              if (t.type === 'identifier' && !conditional && rhs) {
                const l = assigned.get(t.text) ?? [];
                l.push(rhs);
                assigned.set(t.text, l);
              } else {
                markTargets(t, (n) => ambiguous.add(n));
              }
            }
          }
        }
        break;
      }
      case 'import_statement':
      case 'import_from_statement':
        importStatements++;
        addImport(s);
        for (const n of importBinds(s)) if (assigned.has(n)) ambiguous.add(n);
        break;
      case 'function_definition':
      case 'class_definition':
        definedNames.add(s.childForFieldName('name')?.text ?? '');
        break;
      case 'decorated_definition': {
        const def = s.childForFieldName('definition');
        if (def) definedNames.add(def.childForFieldName('name')?.text ?? '');
        break;
      }
      default:
        if (COMPOUND.has(s.type)) {
          if (s.type === 'for_statement') markTargets(s.childForFieldName('left'), (n) => ambiguous.add(n));
          for (const c of s.namedChildren) {
            if (c.type === 'block' || COMPOUND.has(c.type)) {
              for (const st of c.type === 'block' ? c.namedChildren : [c]) visitStatement(st, true);
            } else if (c.type === 'as_pattern') {
              const alias = c.childForFieldName('alias');
              markTargets(alias?.namedChildren[0] ?? alias, (n) => ambiguous.add(n));
            } else if (c.type === 'with_clause') {
              for (const item of c.namedChildren) {
                const v = item.childForFieldName('value');
                if (v?.type === 'as_pattern') markTargets(v.childForFieldName('alias')?.namedChildren[0] ?? null, (n) => ambiguous.add(n));
              }
            }
          }
        }
    }
  };

  // Top-level statements through a cursor: a node wrapper (a native weak
  // reference each) only for the statements that can bind a name; for the
  // many definitions of a module only the name is read.
  const cur = root.walk();
  const fieldText = (field: string): string | undefined => {
    if (!cur.gotoFirstChild()) return undefined;
    let out: string | undefined;
    do {
      if (cur.currentFieldName === field) {
        out = text.slice(cur.startIndex, cur.endIndex);
        break;
      }
    } while (cur.gotoNextSibling());
    cur.gotoParent();
    return out;
  };
  const defName = (type: string): string | undefined => {
    if (type !== 'decorated_definition') return fieldText('name') ?? '';
    let name: string | undefined;
    let found = false;
    if (cur.gotoFirstChild()) {
      do {
        if (cur.currentFieldName === 'definition') {
          found = true;
          name = fieldText('name');
          break;
        }
      } while (cur.gotoNextSibling());
      cur.gotoParent();
    }
    return found ? name ?? '' : undefined;
  };
  /**
   * At an `assignment`: `NAME = value` or `NAME: T = value` (the usual
   * module-level binding) read through the cursor, with a node wrapper for
   * the value only (the keystroke path walks every module-level statement).
   * Undefined for any other form (`a = b = 1`, `a, b = ...`, `x: int`).
   */
  const simpleAssignment = (): { name: string; rhs: SyntaxNode } | undefined => {
    if (!cur.gotoFirstChild()) return undefined;
    let name: string | undefined;
    let rhs: SyntaxNode | undefined;
    let ok = true;
    do {
      const f = cur.currentFieldName;
      if (f === 'left') {
        if (cur.nodeType === 'identifier') name = text.slice(cur.startIndex, cur.endIndex);
        else ok = false;
      } else if (f === 'right') {
        if (cur.nodeType === 'assignment') ok = false;
        else rhs = cur.currentNode;
      }
    } while (ok && cur.gotoNextSibling());
    cur.gotoParent();
    return ok && name !== undefined && rhs ? { name, rhs } : undefined;
  };
  let topDefs = 0;
  if (cur.gotoFirstChild()) {
    do {
      const type = cur.nodeType;
      switch (type) {
        case 'function_definition':
        case 'class_definition':
        case 'decorated_definition':
          // Names read below, only when they can matter.
          topDefs++;
          break;
        case 'expression_statement': {
          // Only assignments bind; most expression statements are calls and docstrings.
          let binds = false;
          let named = 0;
          let simple: { name: string; rhs: SyntaxNode } | undefined;
          if (cur.gotoFirstChild()) {
            do {
              if (!cur.nodeIsNamed) continue;
              named++;
              const k = cur.nodeType;
              if (k === 'assignment' || k === 'augmented_assignment') {
                binds = true;
                if (named === 1 && k === 'assignment') simple = simpleAssignment();
              }
            } while (cur.gotoNextSibling());
            cur.gotoParent();
          }
          if (simple && named === 1) {
            // What visitStatement records for it, without its node wrappers.
            const l = assigned.get(simple.name) ?? [];
            l.push(simple.rhs);
            assigned.set(simple.name, l);
          } else if (binds) visitStatement(cur.currentNode, false);
          break;
        }
        case 'import_statement':
        case 'import_from_statement':
          visitStatement(cur.currentNode, false);
          break;
        default:
          if (COMPOUND.has(type)) visitStatement(cur.currentNode, false);
      }
    } while (cur.gotoNextSibling());
  }

  // What def / class at module level bind matters only for a name also
  // assigned at module level, and for `ImageSpec`. The names written after
  // `def` / `class` anywhere in the text are a superset of those: when none
  // of them is such a name, the definitions are not visited one by one.
  if (topDefs > 0) {
    const written = defNamesInText(text);
    let relevant = written.has('ImageSpec');
    if (!relevant) for (const n of assigned.keys()) if (written.has(n)) relevant = true;
    if (relevant) {
      cur.gotoParent(); // from the last statement back to the module
      if (cur.gotoFirstChild()) {
        do {
          const type = cur.nodeType;
          if (type === 'function_definition' || type === 'class_definition' || type === 'decorated_definition') {
            const name = defName(type);
            if (name !== undefined) definedNames.add(name);
          }
        } while (cur.gotoNextSibling());
      }
    }
  }

  // `global X` anywhere lets a function rebind X; walrus at module level too.
  const globalsOrWalrus = text.includes('global') || text.includes(':=') ? root.descendantsOfType(['global_statement', 'named_expression']) : [];
  for (const g of globalsOrWalrus) {
    if (g.type === 'global_statement') for (const c of g.namedChildren) ambiguous.add(c.text);
    else {
      const name = g.childForFieldName('name');
      if (name) ambiguous.add(name.text);
    }
  }

  const constants = new Map<string, SyntaxNode>();
  for (const [name, rhs] of assigned) {
    if (rhs.length === 1 && !ambiguous.has(name) && !definedNames.has(name) && !imports.has(name)) constants.set(name, rhs[0]);
    else ambiguous.add(name);
  }

  // Module-level meaning of names: `ImageSpec` unless the module imports
  // something else under that name or defines its own; any name imported as
  // X.ImageSpec; flytekit / union / unionai and names imported from them,
  // unless an import binds such a root name to another module. A plain
  // module-level assignment does not shadow (functools.partial(ImageSpec, ...)
  // still builds ImageSpecs).
  const specNames = new Set<string>(['ImageSpec']);
  const specModules = new Set<string>(SPEC_MODULE_ROOTS);
  for (const [local, target] of imports) {
    if (isSpecTarget(target)) specNames.add(local);
    if (isModuleTarget(target)) specModules.add(local);
  }
  for (const m of SPEC_MODULE_ROOTS) {
    const target = imports.get(m);
    if (target !== undefined && !isModuleTarget(target)) specModules.delete(m);
  }
  const own = imports.get('ImageSpec');
  if ((own !== undefined && !isSpecTarget(own)) || definedNames.has('ImageSpec')) specNames.delete('ImageSpec');
  const kindOf = (name: string): NameKind => (specNames.has(name) ? 'spec' : specModules.has(name) ? 'module' : 'other');

  // Every import statement contains the word `import`: when the text has no
  // more of them than the module-level statements, there are no nested imports.
  let words = 0;
  for (let i = text.indexOf('import'); i !== -1; i = text.indexOf('import', i + 6)) words++;
  const kindSig = `${[...specNames].sort().join(',')}\0${[...specModules].sort().join(',')}`;
  return { constants, ambiguous, imports: { names: imports }, definedNames, kindOf, nestedImports: words > importStatements, kindSig };
}
