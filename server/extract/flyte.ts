// The Flyte 2 extractor: Python source -> Flyte2Decl[]. Beside python.ts
// (ImageSpec), sharing everything but what is Flyte 2's own:
//  - which names are `flyte.Image`, `TaskEnvironment` / `AppEnvironment`
//    (and their plugin subclasses) and `pathlib.Path`, however imported
//    (`import flyte as fl`, `from flyte import Image as I`, `flyte.app.Image`,
//    a local import inside a function), a local binding shadowing them;
//  - an image is a chain from an `Image` constructor (`from_debian_base`,
//    `from_base`, ...) through `clone` / `with_*` calls, each call with its
//    arguments and ranges (FlyteCall);
//  - a module-level image extended later (`gpu = base.with_pip_packages(...)`)
//    is a declaration of its own whose calls start with the base's;
//  - a `with_*` / `clone` chain on something not known to be an image
//    (a parameter, `make_image()`) is an incomplete declaration: its own
//    calls, nothing evaluated;
//  - `image=` of an environment: a str, an Image (inline or by name), "auto"
//    when absent; `env.clone_with(name, ...)` is an environment of the same
//    class whose image is its own `image=` or the cloned one's (`clonedFrom`);
//  - values as for ImageSpec (values.ts), plus `pathlib.Path` expressions
//    (`Path("x")`, `Path(__file__).parent / "x"`).
//
// Incremental (incremental.ts, as for ImageSpec): given the edited old tree,
// only the top-level statements whose text, module-level name meanings
// (`kindSig`), constants read and the statements whose declarations they
// hold (`uses`: a base image, an environment's image) are unchanged keep
// their declarations; every scan of the text (constructor and method names,
// image variables, environment classes) covers the rebuilt statements only.
// What a fresh extraction finds does not depend on the order statements are
// read in: an image is a value (`{kind: 'spec'}`) only in an environment's
// arguments, read after every image is built.

import type { SyntaxNode, Tree } from 'tree-sitter';
import { isFlyte2, type FieldArg, type Flyte2Decl, type FlyteCall, type FlyteEnvInfo, type FlyteImageInfo, type Value } from '../model/decl';
import { IMAGE_METHODS, imageMethod } from '../flyte/api';
import { FLYTE_VERIFIED_VERSION, METHODS_AFTER_VERIFIED } from '../flyte/version';
import { candidateCalls, occurrences, readArgs, statementStart, type Span } from './calls';
import { localEdit, memoOf, noteWalk, setMemo, StatementTracker, type ChangedRanges, type ExtractionMemo, type StatementSlot } from './incremental';
import { buildModuleScope, moduleNameSig } from './moduleScope';
import { parsedText } from './pyParser';
import { importBindings, Scopes, type NameKind, type ScopeRef } from './scopes';
import { BUILDER_METHODS } from '../flytekit/fields';
import { ancestors, lineIndexOf, nodeRange, ValueResolver } from './values';
import { comparePos, LineIndex, type Position, type Range } from '../model/position';

// ---------------------------------------------------------------------------
// Which names are what

const CONSTRUCTORS: readonly string[] = [...IMAGE_METHODS.filter((m) => m.kind === 'constructor').map((m) => m.name), ...METHODS_AFTER_VERIFIED];
const INSTANCE_METHODS = new Set(IMAGE_METHODS.filter((m) => !m.classmethod).map((m) => m.name));

/** Imports we care about: flyte and its plugins, pathlib. */
function interesting(target: string): boolean {
  return /^(flyte|flyteplugins|pathlib)(\.|$)/.test(target);
}

export function isImageClass(q: string | undefined): boolean {
  return !!q && /^flyte(\.[A-Za-z_]\w*)*\.Image$/.test(q);
}

export function isEnvClass(q: string | undefined): boolean {
  return !!q && /^(flyte|flyteplugins)(\.[A-Za-z_]\w*)*\.\w*(TaskEnvironment|AppEnvironment)$/.test(q);
}

const PATH_CLASSES = new Set(['pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'pathlib.PurePosixPath']);

/** Calls to look for whose name is a layer method: chains on something not known to be an image. */
function isChainMethod(name: string): boolean {
  return INSTANCE_METHODS.has(name) || name.startsWith('with_');
}

const IMAGESPEC_METHODS: ReadonlySet<string> = new Set(BUILDER_METHODS.map((m) => m.name));

const targetKind = (target: string): NameKind => (interesting(target) ? `target:${target}` : 'other');

// ---------------------------------------------------------------------------
// Extraction

/**
 * A quick test: can the text hold a Flyte 2 declaration at all? Every
 * import of flyte's names spells the module `flyte` as a word (`import
 * flyte`, `from flyte import Image`, `from flyte.app import ...`);
 * `flytekit` alone does not count.
 */
export function mayDeclareFlyte(text: string): boolean {
  return FLYTE_WORD.test(text);
}

const FLYTE_WORD = /\bflyte\b/;

/**
 * What any import of flyte or a submodule contains (a superset): `from
 * flyte...`, or `import` followed on its logical line (backslash
 * continuations included; no `;` or comment before) by the word flyte.
 * Without it, no import below module level needs looking for in the tree.
 */
const NESTED_FLYTE_IMPORT = /\bfrom[\s\\]+flyte\b|\bimport[\s\\](?:[^\n;#\\]|\\\r?\n|\\)*?\bflyte\b/;

const CLONE_WITH = new Set(['clone_with']);

interface Built {
  decl: Flyte2Decl;
  /** The outermost call of the chain (what a module constant's value node is). */
  end: SyntaxNode;
}

/**
 * `oldTree` (the edited tree `tree` was re-parsed from, in the language
 * server): statements unchanged since the last extraction of that tree keep
 * their declarations (see the header). A tree with syntax errors is
 * extracted in full and keeps the last clean memo.
 */
export function extractFlyte(tree: Tree, file: string, text: string, oldTree?: Tree): Flyte2Decl[] {
  if (!oldTree) return extractWith(tree, file, text);
  const previous = memoOf(oldTree, 'flyte');
  if (tree.rootNode.hasError) {
    setMemo(tree, previous, 'flyte');
    noteWalk(tree, 'flyte', false);
    return extractWith(tree, file, text);
  }
  // What changed since the old tree: its text, and where the syntax differs (statements outside both are carried over).
  const changed: ChangedRanges = (replaced, start, end) =>
    localEdit(replaced, text.slice(start, end), text, start) ? [] : oldTree.getChangedRanges(tree).map((r) => ({ start: r.startIndex, end: r.endIndex }));
  const edit = previous?.order ? { oldText: parsedText(oldTree), changed } : undefined;
  return extractWith(tree, file, text, { previous, edit });
}

interface Tracking {
  previous: ExtractionMemo | undefined;
  edit?: { oldText: string | undefined; changed: ChangedRanges };
}

function extractWith(tree: Tree, file: string, text: string, track?: Tracking): Flyte2Decl[] {
  const root = tree.rootNode;
  const scope = buildModuleScope(root, text, ['Image', 'Path', 'flyte', 'pathlib', 'TaskEnvironment', 'AppEnvironment']);
  const imports = scope.imports.names;
  // Nothing is a Flyte 2 declaration in a module that never imports flyte.
  const isFlyteTarget = (t: string) => /^flyte(\.|$)/.test(t);
  let anyFlyte = [...imports.values()].some(isFlyteTarget);
  if (!anyFlyte && scope.nestedImports && NESTED_FLYTE_IMPORT.test(text)) {
    anyFlyte = root.descendantsOfType(['import_statement', 'import_from_statement']).some((st) => importBindings(st).some(([, t]) => isFlyteTarget(t)));
  }
  if (!anyFlyte) {
    if (track) noteWalk(tree, 'flyte', true);
    return [];
  }
  const mentionsSpec = text.includes('ImageSpec');

  const moduleKind = (name: string): NameKind => {
    const t = imports.get(name);
    if (t === undefined || scope.definedNames.has(name)) return 'other';
    return targetKind(t);
  };
  const scopes = new Scopes(moduleKind, targetKind);

  const paths = new Map<number, { up: SyntaxNode[]; chain: ScopeRef[] }>();
  const pathOf = (n: SyntaxNode) => {
    let p = paths.get(n.id);
    if (!p) {
      const up = ancestors(n);
      p = { up, chain: scopes.chainOf(n, up) };
      paths.set(n.id, p);
    }
    return p;
  };

  /** The dotted import target an expression names (`fl.Image` -> `flyte.Image`), in the given scopes. */
  const qualOf = (n: SyntaxNode | null, chain: readonly ScopeRef[]): string | undefined => {
    const parts: string[] = [];
    let cur = n;
    while (cur && cur.type === 'attribute') {
      const a = cur.childForFieldName('attribute');
      if (!a) return undefined;
      parts.unshift(a.text);
      cur = cur.childForFieldName('object');
    }
    if (!cur || cur.type !== 'identifier') return undefined;
    const kind = scopes.kindOf(chain, cur.text);
    if (!kind.startsWith('target:')) return undefined;
    return [kind.slice('target:'.length), ...parts].join('.');
  };

  const index = lineIndexOf(tree) ?? new LineIndex(text);
  const offsetOf = (p: Position): number => index.offsetAt(p);

  // Incremental runs: every top-level statement with its reuse decision; the
  // statement being built (`current`) collects its declarations, the module
  // names its values read and the statements whose declarations it holds.
  let tracker: StatementTracker | undefined;
  if (track) {
    // What names mean at module level, and the module-wide facts a statement's declarations depend on.
    const meanings = [...imports]
      .filter(([local, t]) => interesting(t) && !scope.definedNames.has(local))
      .map(([local, t]) => `${local}=${t}`)
      .sort();
    const kindSig = `${meanings.join(',')}\0${mentionsSpec ? 'S' : ''}`;
    tracker = new StatementTracker({ root, text, file, lines: index, kindSig, sigOf: moduleNameSig(scope, text), previous: track.previous, eager: true, edit: track.edit });
  }
  let current: StatementSlot | undefined;
  const at = (i: number): StatementSlot | undefined => tracker?.at(i);
  /** The text a scan covers: the statements rebuilt (incremental), else all of it. */
  const regions: Span[] | undefined = tracker?.rebuilt().map((sl) => ({ start: sl.start, end: sl.end }));

  /** Images by the outermost call of their chain: this extraction's, and (incremental) the reused statements'. */
  const byEnd = new Map<number, Flyte2Decl>();
  const imageEndingAt = (call: SyntaxNode): Flyte2Decl | undefined => {
    const d = byEnd.get(call.id);
    if (d || !tracker) return d;
    const reused = tracker.at(call.startIndex)?.reused;
    if (!reused) return undefined;
    // The chain ending where the call ends (a parenthesized constructor starts after the call does).
    const r = nodeRange(call);
    return reused.find(
      (x): x is Flyte2Decl => isFlyte2(x) && x.flyte.role === 'image' && samePos(x.range.end, r.end) && comparePos(x.range.start, r.start) >= 0,
    );
  };
  // Images are values only in environments' arguments (step 4), read once every image is built.
  let imagesAreValues = false;
  const resolver: ValueResolver = new ValueResolver(scope, scopes, (call) => {
    const d = imagesAreValues ? imageEndingAt(call) : undefined;
    if (d) {
      tracker?.used(current, call.startIndex);
      return { kind: 'spec', decl: d, range: nodeRange(call) };
    }
    // `flyte.Secret(...)`: its arguments, for the hash (a Secret's repr) and the checks Secret makes.
    const fn = call.childForFieldName('function');
    const q = fn ? qualOf(fn, resolver.chain) : undefined;
    if (q !== 'flyte.Secret' && q !== 'flyte._secret.Secret') return undefined;
    const argsNode = call.childForFieldName('arguments');
    if (!argsNode || argsNode.type !== 'argument_list') return undefined;
    const r = readArgs(argsNode, resolver);
    return { kind: 'call', callee: 'flyte.Secret', args: r.positional, kwargs: r.kwargs, opaque: r.opaque, range: nodeRange(call) };
  });
  resolver.paths = { file, isPathClass: (fn) => PATH_CLASSES.has(qualOf(fn, resolver.chain) ?? '') };
  if (tracker) resolver.onModuleName = (name) => current?.deps.add(name);

  const decls: Flyte2Decl[] = [];
  const covered = new Set<number>();

  /**
   * Whether `X.with_*(...)` is an extension (step 2) depends on X naming a
   * module-level image, which follows X's value down its chain of names
   * (`X = Y.with_a(...)`, `Y = Image.from_base(...)`): `slot` depends on each.
   */
  const dependOnChainOf = (slot: StatementSlot | undefined, name: string): void => {
    if (!slot) return;
    const seen = new Set<string>();
    for (let x: string | undefined = name; x !== undefined && !seen.has(x); ) {
      seen.add(x);
      slot.deps.add(x);
      const def = scope.constants.get(x);
      x = undefined;
      let n = def ? unparen(def) : undefined;
      while (n && n.type === 'call') {
        const fn = n.childForFieldName('function');
        n = fn?.type === 'attribute' ? unparen(fn.childForFieldName('object') ?? fn) : undefined;
      }
      if (n && n.type === 'identifier') x = n.text;
    }
  };

  /** A call's arguments as a FlyteCall's. */
  const callOf = (outer: SyntaxNode, method: string, nameNode: SyntaxNode, range: Range): FlyteCall => {
    const argsNode = outer.childForFieldName('arguments');
    const args: Value[] = [];
    const kwargs: FieldArg[] = [];
    let opaque = false;
    if (argsNode && argsNode.type === 'argument_list') {
      const r = readArgs(argsNode, resolver);
      for (const a of r.positional) args.push(a);
      for (const k of r.kwargs) kwargs.push(k);
      opaque = r.opaque;
    } else if (argsNode) {
      opaque = true; // a generator argument
    }
    return { method, nameRange: nodeRange(nameNode), range, args, kwargs, argsRange: argsNode ? nodeRange(argsNode) : range, opaque };
  };

  /**
   * The calls chained on `start` (`start.clone(...).with_x(...)`), and the
   * outermost node of the chain with its index in `up` (-1: `start` itself).
   */
  const readCalls = (start: SyntaxNode, up: SyntaxNode[]): { calls: FlyteCall[]; end: SyntaxNode; endAt: number } => {
    const calls: FlyteCall[] = [];
    let cur = start;
    let endAt = -1;
    for (let i = 0; i + 1 < up.length; i += 2) {
      while (i + 1 < up.length && up[i].type === 'parenthesized_expression' && up[i].namedChildCount === 1) cur = up[i++];
      if (i + 1 >= up.length) break;
      const attr = up[i];
      if (attr.type !== 'attribute' || attr.childForFieldName('object')?.id !== cur.id) break;
      const outer = up[i + 1];
      if (outer.type !== 'call' || outer.childForFieldName('function')?.id !== attr.id) break;
      const name = attr.childForFieldName('attribute');
      if (!name) break;
      const dot = attr.children.find((c) => c.type === '.');
      const r = nodeRange(outer);
      calls.push(callOf(outer, name.text, name, { start: dot ? nodeRange(dot).start : nodeRange(name).start, end: r.end }));
      covered.add(outer.id);
      cur = outer;
      endAt = i + 1;
    }
    return { calls, end: cur, endAt };
  };

  /** `name = <chain>` at module level: the name. */
  const assignedName = (end: SyntaxNode, up: SyntaxNode[], endAt: number): string | undefined => {
    let i = endAt + 1;
    let child = endAt >= 0 ? up[endAt] : end;
    while (i < up.length && up[i].type === 'parenthesized_expression') child = up[i++];
    const a = up[i];
    if (!a || a.type !== 'assignment' || a.childForFieldName('right')?.id !== child.id) return undefined;
    const left = a.childForFieldName('left');
    if (!left || left.type !== 'identifier') return undefined;
    if (up[i + 1]?.type !== 'expression_statement' || up[i + 2]?.type !== 'module') return undefined;
    return left.text;
  };

  const fieldsOf = (c: FlyteCall): FieldArg[] => {
    const params = imageMethod(c.method, FLYTE_VERIFIED_VERSION)?.params ?? [];
    const positional = params.filter((p) => p.kind !== 'keyword');
    const out: FieldArg[] = c.args.map((v, i) => {
      const p = positional[i] ?? (positional.length && positional[positional.length - 1].kind === 'varargs' ? positional[positional.length - 1] : undefined);
      return { name: p?.name ?? `#${i}`, nameRange: v.range, value: v, range: v.range, positional: true };
    });
    for (const k of c.kwargs) out.push(k);
    return out;
  };

  const finishDecl = (
    rangeStart: SyntaxNode,
    info: FlyteImageInfo,
    own: FlyteCall[],
    end: SyntaxNode,
    up: SyntaxNode[],
    endAt: number,
    anchor: SyntaxNode,
  ): Built => {
    const first = own[0];
    const ctor = info.complete && info.ownFrom === 0 ? first : undefined;
    const variable = assignedName(end, up, endAt);
    if (variable) info.variable = variable;
    const decl: Flyte2Decl = {
      source: 'python',
      kind: 'flyte2',
      file,
      range: { start: nodeRange(rangeStart).start, end: nodeRange(end).end },
      calleeRange: ctor ? nodeRange(anchor.childForFieldName('function')!) : first.nameRange,
      argsRange: first.argsRange,
      fields: ctor ? fieldsOf(ctor) : [],
      chain: ctor ? own.slice(1) : own,
      opaque: ctor ? ctor.opaque : false,
      statementLine: statementStart(anchor, up),
      flyte: info,
    };
    decls.push(decl);
    current?.decls.push(decl);
    byEnd.set(end.id, decl);
    return { decl, end };
  };

  // 1. Chains from a constructor.
  const built: Built[] = [];
  for (const call of candidateCalls(root, new Set(CONSTRUCTORS), new Set(CONSTRUCTORS), text, undefined, regions)) {
    current = at(call.startIndex);
    const fn = call.childForFieldName('function');
    if (!fn || fn.type !== 'attribute') continue;
    const { up, chain } = pathOf(call);
    if (!isImageClass(qualOf(fn.childForFieldName('object'), chain))) continue;
    resolver.chain = chain;
    const name = fn.childForFieldName('attribute')!;
    const ctor = callOf(call, name.text, name, nodeRange(call));
    covered.add(call.id);
    const rest = readCalls(call, up);
    const calls = [ctor, ...rest.calls];
    built.push(finishDecl(call, { role: 'image', calls, ownFrom: 0, complete: true }, calls, rest.end, up, rest.endAt, call));
  }

  // 2. Module-level images extended by name (`gpu = base.with_pip_packages(...)`), transitively;
  // the bases include the images of reused statements (an extension rebuilt extends them).
  // `start`, `end`: the chain's outermost call; a reused image's start is not known (a
  // parenthesized constructor starts after it), only that the call holds the declaration's.
  const queue: { decl: Flyte2Decl; start?: number; end: number }[] = built.map((b) => ({ decl: b.decl, start: b.end.startIndex, end: b.end.endIndex }));
  if (tracker) {
    for (const d of tracker.reusedDecls()) {
      const f = (d as Flyte2Decl).flyte;
      if (f.role === 'image' && f.complete && f.variable !== undefined) queue.push({ decl: d as Flyte2Decl, end: offsetOf(d.range.end) });
    }
  }
  while (queue.length) {
    const b = queue.shift()!;
    const info = b.decl.flyte as FlyteImageInfo;
    const v = info.variable;
    if (v === undefined || scope.ambiguous.has(v)) continue;
    // Where `v` is written in the text scanned (incremental: the statements rebuilt); usually nowhere.
    const found = [...occurrences(text, v, regions)];
    if (!found.length) continue;
    const value = scope.constants.get(v);
    const def = value ? unparen(value) : undefined;
    // `v` names exactly this chain (assigned once, at module level).
    if (!def || def.endIndex !== b.end) continue;
    if (b.start === undefined ? def.type !== 'call' || def.startIndex > offsetOf(b.decl.range.start) : def.startIndex !== b.start) continue;
    for (const i of found) {
      const id = root.descendantForIndex(i, i + v.length);
      if (!id || id.type !== 'identifier' || id.startIndex !== i || id.endIndex !== i + v.length) continue;
      const attr = id.parent;
      if (!attr || attr.type !== 'attribute' || attr.childForFieldName('object')?.id !== id.id) continue;
      const method = attr.childForFieldName('attribute')?.text;
      if (!method || !isChainMethod(method)) continue;
      const { up, chain } = pathOf(id);
      if (scopes.isLocal(chain, v)) continue;
      resolver.chain = chain;
      current = at(i);
      const rest = readCalls(id, up);
      if (!rest.calls.length) continue;
      // The extension holds the base's declaration and calls: rebuilt whenever the base is, or `v` changes meaning.
      current?.deps.add(v);
      tracker?.used(current, b.end - 1);
      const next = finishDecl(id, { role: 'image', calls: [...info.calls, ...rest.calls], ownFrom: info.calls.length, base: b.decl, complete: info.complete }, rest.calls, rest.end, up, rest.endAt, id);
      queue.push({ decl: next.decl, start: next.end.startIndex, end: next.end.endIndex });
    }
  }

  // 3. Chains on something not known to be an image.
  const chainNames = new Set([...INSTANCE_METHODS].filter((m) => m !== 'validate'));
  // Occurrences inside a chain already read are not looked up in the tree.
  const spans = decls.map((d) => [offsetOf(d.range.start), offsetOf(d.range.end)] as const).sort((a, b) => a[0] - b[0]);
  const inSpan = (i: number): boolean => {
    let lo = 0;
    let hi = spans.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid][0] > i) hi = mid - 1;
      else if (spans[mid][1] < i) lo = mid + 1;
      else return true;
    }
    return false;
  };
  for (const call of candidateCalls(root, chainNames, chainNames, text, inSpan, regions)) {
    if (covered.has(call.id)) continue;
    const fn = call.childForFieldName('function');
    if (!fn || fn.type !== 'attribute') continue;
    const obj = fn.childForFieldName('object');
    if (!obj) continue;
    const inner = unparen(obj);
    // Not the first call of its chain: the one below is (or will be) the start.
    if (inner.type === 'call') {
      const f = inner.childForFieldName('function');
      if (f?.type === 'attribute' && isChainMethod(f.childForFieldName('attribute')?.text ?? '')) continue;
    }
    const { up: callUp } = pathOf(call);
    // `obj` is call's function's object: its ancestors are fn, call, then call's.
    const up = [fn, call, ...callUp];
    resolver.chain = pathOf(call).chain;
    current = at(call.startIndex);
    // A name that becomes a module-level image makes this chain an extension (step 2).
    if (obj.type === 'identifier') dependOnChainOf(current, obj.text);
    const rest = readCalls(obj, up);
    // `x.clone()` alone is too common a name to mean an image; in a module
    // that also declares ImageSpecs, a chain of methods ImageSpec has too
    // (`spec.with_commands(...)`) may be one.
    if (rest.calls.every((c) => c.method === 'clone')) continue;
    if (mentionsSpec && rest.calls.every((c) => IMAGESPEC_METHODS.has(c.method) || c.method === 'clone')) continue;
    const shown = obj.text.length > 40 ? obj.text.slice(0, 40) + '…' : obj.text;
    finishDecl(obj, { role: 'image', calls: rest.calls, ownFrom: 0, complete: false, unknownStart: `\`${shown}\` is not an Image declared in this module` }, rest.calls, rest.end, up, rest.endAt, obj);
  }

  // 4. Environments.
  // Names ending in TaskEnvironment / AppEnvironment (plugin subclasses too), found without a regex over the text.
  const envNames = new Set<string>();
  for (const i of occurrences(text, 'Environment', regions)) {
    const end = i + 11;
    if (/\w/.test(text[end] ?? '')) continue;
    let start = i;
    while (start > 0 && /\w/.test(text[start - 1])) start--;
    const word = text.slice(start, end);
    if (word.endsWith('TaskEnvironment') || word.endsWith('AppEnvironment')) envNames.add(word);
  }
  imagesAreValues = true;
  /** Environments by their call (this extraction's), for `clone_with` on them. */
  const envByCall = new Map<number, Flyte2Decl>();
  const buildEnv = (call: SyntaxNode, fn: SyntaxNode, up: SyntaxNode[], chain: ScopeRef[], callee: string, clonedFrom?: Flyte2Decl): Flyte2Decl => {
    resolver.chain = chain;
    const argsNode = call.childForFieldName('arguments');
    const fields: FieldArg[] = [];
    let opaque = false;
    if (argsNode && argsNode.type === 'argument_list') {
      const r = readArgs(argsNode, resolver);
      opaque = r.opaque;
      r.positional.forEach((v, i) => fields.push({ name: i === 0 ? 'name' : `#${i}`, nameRange: v.range, value: v, range: v.range, positional: true }));
      for (const k of r.kwargs) fields.push(k);
    }
    const image = fields.find((f) => f.name === 'image');
    const env: Flyte2Decl = {
      source: 'python',
      kind: 'flyte2',
      file,
      range: nodeRange(call),
      calleeRange: nodeRange(fn),
      argsRange: argsNode ? nodeRange(argsNode) : nodeRange(call),
      fields,
      chain: [],
      opaque,
      statementLine: statementStart(call, up),
      flyte: { role: 'environment', callee, ...(image ? { image } : {}), ...(clonedFrom ? { clonedFrom } : {}) },
    };
    decls.push(env);
    current?.decls.push(env);
    envByCall.set(call.id, env);
    return env;
  };
  for (const call of candidateCalls(root, envNames, envNames, text, undefined, regions)) {
    current = at(call.startIndex);
    const fn = call.childForFieldName('function')!;
    const { up, chain } = pathOf(call);
    const q = qualOf(fn, chain);
    if (!isEnvClass(q)) continue;
    buildEnv(call, fn, up, chain, q!.slice(q!.lastIndexOf('.') + 1));
  }

  // 4b. `env.clone_with(name, image=..., ...)` (TaskEnvironment / AppEnvironment, v2.6.5
  // src/flyte/_task_environment.py:161): an environment of the same class; without
  // `image=` it runs on the cloned environment's image (`clonedFrom`).
  /** The environment a `clone_with` is called on: an environment call in place, or a module-level name for one. */
  const envAt = (obj: SyntaxNode, chain: ScopeRef[]): Flyte2Decl | undefined => {
    let node = unparen(obj);
    if (node.type === 'identifier') {
      const name = node.text;
      if (scopes.isLocal(chain, name)) return undefined;
      current?.deps.add(name);
      const value = scope.ambiguous.has(name) ? undefined : scope.constants.get(name);
      if (!value) return undefined;
      node = unparen(value);
    }
    if (node.type !== 'call') return undefined;
    const built = envByCall.get(node.id);
    if (built) {
      tracker?.used(current, node.startIndex);
      return built;
    }
    const reused = tracker?.at(node.startIndex)?.reused;
    if (!reused) return undefined;
    const r = nodeRange(node);
    const d = reused.find(
      (x): x is Flyte2Decl => isFlyte2(x) && x.flyte.role === 'environment' && samePos(x.range.start, r.start) && samePos(x.range.end, r.end),
    );
    if (d) tracker?.used(current, node.startIndex);
    return d;
  };
  // Clones of clones: each round builds those whose environment is known by then.
  let pending = candidateCalls(root, CLONE_WITH, CLONE_WITH, text, undefined, regions).filter((c) => c.childForFieldName('function')?.type === 'attribute');
  for (let progress = true; pending.length && progress; ) {
    progress = false;
    const next: SyntaxNode[] = [];
    for (const call of pending) {
      current = at(call.startIndex);
      const fn = call.childForFieldName('function')!;
      const { up, chain } = pathOf(call);
      const base = envAt(fn.childForFieldName('object')!, chain);
      if (!base) {
        next.push(call);
        continue;
      }
      buildEnv(call, fn, up, chain, (base.flyte as FlyteEnvInfo).callee, base);
      progress = true;
    }
    pending = next;
  }
  current = undefined;

  if (tracker) {
    // Step 2 makes `X.with_*(...)` / `X.clone(...)` an extension once X names a module-level image:
    // every statement built depends on what such an X means, declarations found or not.
    for (const slot of tracker.rebuilt()) {
      const region = [{ start: slot.start, end: slot.end }];
      for (const word of ['with_', 'clone']) {
        for (const i of occurrences(text, word, region)) {
          if (i > 0 && /[\w]/.test(text[i - 1])) continue;
          const name = root.descendantForIndex(i, i + word.length);
          if (name.type !== 'identifier' || name.startIndex !== i) continue;
          const attr = name.parent;
          if (!attr || attr.type !== 'attribute' || attr.childForFieldName('attribute')?.id !== name.id) continue;
          const obj = attr.childForFieldName('object');
          if (obj?.type === 'identifier') dependOnChainOf(slot, obj.text);
        }
      }
    }
    for (const d of tracker.reusedDecls()) decls.push(d as Flyte2Decl);
    setMemo(tree, tracker.memo(), 'flyte');
    noteWalk(tree, 'flyte', tracker.mostlyReused());
  }
  decls.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return decls;
}

function samePos(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

function unparen(n: SyntaxNode): SyntaxNode {
  let cur = n;
  while (cur.type === 'parenthesized_expression' && cur.namedChildCount === 1) cur = cur.namedChild(0)!;
  return cur;
}
