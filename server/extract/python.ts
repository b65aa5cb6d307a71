// The ImageSpec extractor: Python source -> ImageDecl[]. Finds every
// ImageSpec constructor call, however imported (see RULES.md "What is an
// ImageSpec declaration"), the builder calls chained on it, and nested
// base_image specs. What is ImageSpec-specific lives here: which names and
// calls are ImageSpec, how positional arguments bind to its fields, nesting
// through `base_image`. The rest is shared with any Python extractor:
// pyParser.ts (tree-sitter, syntax errors), moduleScope.ts (what the top
// level binds), scopes.ts (names inside functions and classes), calls.ts
// (finding calls, reading arguments and chains), values.ts (values),
// incremental.ts (reuse while someone types).

import type { SyntaxNode, Tree } from 'tree-sitter';
import type { ImageDecl } from '../model/decl';
import { LineIndex, type Range } from '../model/position';
import { FIELD_NAMES } from '../flytekit/fields';
import { candidateCalls, readArgs, readChain, statementStart } from './calls';
import { memoOf, noteWalk, setMemo, START_OVER, StatementTracker, type ExtractionMemo, type StatementSlot } from './incremental';
import { buildModuleScope, moduleNameSig, type FullModuleScope } from './moduleScope';
import { collectSyntaxErrors, documentText, parsePython, type ParseOptions } from './pyParser';
import { importBindings, Scopes, type NameKind, type ScopeRef } from './scopes';
import { ancestors, lineIndexOf, nodeRange, ValueResolver } from './values';
// The language server parses and asks about trees through this module.
export { parsePython } from './pyParser';
export { walkedLightly } from './incremental';

// ---------------------------------------------------------------------------
// Which names are ImageSpec

/** Modules whose ImageSpec we recognise in attribute calls (`fl.ImageSpec`). */
const SPEC_MODULE_ROOTS = ['flytekit', 'union', 'unionai'];

function isSpecTarget(target: string): boolean {
  return target === 'ImageSpec' || target.endsWith('.ImageSpec');
}

function isModuleTarget(target: string): boolean {
  return SPEC_MODULE_ROOTS.some((m) => target === m || target.startsWith(m + '.'));
}

/** What a local import binds, by its dotted target (scopes.ts asks). */
function targetKind(target: string): NameKind {
  return isSpecTarget(target) ? 'spec' : isModuleTarget(target) ? 'module' : 'other';
}

/** A def or class of one of these names at module level changes what it means. */
const WATCHED_NAMES: readonly string[] = ['ImageSpec'];

/**
 * What a name means at module level (RULES.md "however imported"), and that
 * meaning as a string (`kindSig`: equal for two modules whose names mean the
 * same at module level; incremental.ts compares it).
 */
function moduleKinds(scope: FullModuleScope): { kindOf: (name: string) => NameKind; kindSig: string } {
  const imports = scope.imports.names;
  const definedNames = scope.definedNames;
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

  const kindSig = `${[...specNames].sort().join(',')}\0${[...specModules].sort().join(',')}`;
  return { kindOf, kindSig };
}

// ---------------------------------------------------------------------------
// Extraction

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
export function extractPython(text: string, file: string, oldTree?: Tree, parse?: ParseOptions): PythonExtraction {
  const tree = parsePython(text, oldTree, parse);
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
    noteWalk(tree, 'imagespec', false);
    return { decls: extractFromTree(tree, file, text) };
  }
  try {
    return extractWith(tree, file, text, { previous });
  } catch (e) {
    if (e !== START_OVER) throw e;
    return extractWith(tree, file, text, { previous: undefined });
  }
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
  const scope = buildModuleScope(root, text, WATCHED_NAMES);
  const { kindOf, kindSig } = moduleKinds(scope);
  const scopes = new Scopes(kindOf, targetKind);

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
    ? new StatementTracker({ root, text, file, lines: lineIndexOf(tree) ?? new LineIndex(text), kindSig, sigOf: moduleNameSig(scope, text), previous: track.previous })
    : undefined;
  let current: StatementSlot | undefined;

  // `build` above reads it: it only runs once the resolver exists.
  const resolver: ValueResolver = new ValueResolver(scope, scopes, (call) => {
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
  for (const call of candidateCalls(root, queryNames, DOTTED_NAMES, text, skip)) {
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
    noteWalk(tree, 'imagespec', tracker.mostlyReused());
  }
  decls.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { decls };
}

/** Names also looked for as an attribute callee (`flytekit.ImageSpec(...)`). */
const DOTTED_NAMES: ReadonlySet<string> = new Set(['ImageSpec']);

/** How deep `base_image=ImageSpec(base_image=ImageSpec(...))` is followed. */
const MAX_SPEC_NESTING = 50;
