// Python source -> ImageDecl[] with tree-sitter-python. Finds every
// ImageSpec constructor call, however imported (see RULES.md "What is an
// ImageSpec declaration"), the builder calls chained on it, and nested
// base_image specs; resolves argument values through values.ts.

import Parser = require('tree-sitter');
import Python = require('tree-sitter-python');
import type { SyntaxNode, Tree } from 'tree-sitter';
import type { ChainCall, FieldArg, ImageDecl, Value } from '../model/decl';
import type { Range } from '../model/position';
import { importBinds, isLocallyBound, ModuleScope, nodeRange, ValueResolver } from './values';
import { FIELD_NAMES } from '../flytekit/fields';

let parser: Parser | undefined;
const callQueries = new Map<string, Parser.Query>();

function getParser(): Parser {
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(Python as unknown as Parser.Language);
  }
  return parser;
}

/**
 * A query for calls whose callee's last name is one of `names`. Matching
 * natively keeps large files cheap: only calls spelled `...ImageSpec(` (or an
 * imported alias) ever reach JavaScript.
 */
function getCallQuery(names: Set<string>): Parser.Query {
  const aliases = [...names].filter((n) => n !== 'ImageSpec' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(n)).sort();
  const key = aliases.join(',');
  let q = callQueries.get(key);
  if (!q) {
    const any = ['ImageSpec', ...aliases].map((n) => JSON.stringify(n)).join(' ');
    q = new Parser.Query(
      Python as unknown as Parser.Language,
      // Two top-level patterns, not one alternation: predicates of an
      // alternation apply to all its branches together.
      `(call function: (identifier) @fn (#any-of? @fn ${any})) @call
       (call function: (attribute attribute: (identifier) @attr (#eq? @attr "ImageSpec"))) @call`,
    );
    callQueries.set(key, q);
  }
  return q;
}

/** Parses Python text; `oldTree` (already edited with tree.edit) makes it incremental. */
export function parsePython(text: string, oldTree?: Tree): Tree {
  // The binding reads the string in chunks; a buffer larger than the text
  // avoids pathological re-reads on big files.
  return getParser().parse(text, oldTree, { bufferSize: Math.max(32 * 1024, text.length * 2 + 16) });
}

/** Modules whose ImageSpec we recognise in attribute calls (`fl.ImageSpec`). */
const SPEC_MODULE_ROOTS = ['flytekit', 'union', 'unionai'];

export interface PythonExtraction {
  decls: ImageDecl[];
  tree: Tree;
  /** Ranges of syntax errors; declarations that parsed are still returned. */
  syntaxErrors: Range[];
}

export function extractPython(text: string, file: string, oldTree?: Tree): PythonExtraction {
  const tree = parsePython(text, oldTree);
  return { decls: extractFromTree(tree, file), tree, syntaxErrors: collectSyntaxErrors(tree) };
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

export function extractFromTree(tree: Tree, file: string): ImageDecl[] {
  const root = tree.rootNode;
  const scope = buildModuleScope(root);
  const specNames = new Set<string>(['ImageSpec']);
  const specModules = new Set<string>(SPEC_MODULE_ROOTS);
  for (const [local, target] of scope.imports.names) {
    if (target === 'ImageSpec' || target.endsWith('.ImageSpec')) specNames.add(local);
    if (SPEC_MODULE_ROOTS.some((m) => target === m || target.startsWith(m + '.'))) specModules.add(local);
  }
  // `ImageSpec` imported under another name, or re-bound locally to something
  // else (a class of the user's own), is decided per call site below.
  for (const [local, target] of scope.imports.names) {
    if (local === 'ImageSpec' && !(target === 'ImageSpec' || target.endsWith('.ImageSpec'))) specNames.delete('ImageSpec');
  }
  if (scope.definedNames.has('ImageSpec')) specNames.delete('ImageSpec');

  const isSpecCall = (call: SyntaxNode): boolean => {
    const fn = call.childForFieldName('function');
    if (!fn) return false;
    if (fn.type === 'identifier') return specNames.has(fn.text) && !isLocallyBound(fn, fn.text);
    if (fn.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'ImageSpec') return false;
    let obj = fn.childForFieldName('object');
    while (obj && obj.type === 'attribute') obj = obj.childForFieldName('object');
    return !!obj && obj.type === 'identifier' && specModules.has(obj.text) && !isLocallyBound(obj, obj.text);
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
      statementLine: statementStart(call),
    };
    byId.set(call.id, decl);
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
      decl.fields.push(...kwargs);
    } else if (argsNode) {
      // ImageSpec(x for x in y): a generator argument.
      decl.opaque = true;
    }
    for (const f of decl.fields) if (f.value.kind === 'spec') f.value.decl.parent = decl;
    decl.chain = readChain(call, resolver);
    return decl;
  };

  resolver = new ValueResolver(scope, (call) => (isSpecCall(call) ? { kind: 'spec', decl: build(call), range: nodeRange(call) } : undefined));

  const seen = new Set<number>();
  for (const m of getCallQuery(specNames).matches(root)) {
    const call = m.captures.find((c) => c.name === 'call')?.node;
    if (!call || seen.has(call.id)) continue;
    seen.add(call.id);
    if (!isSpecCall(call)) continue;
    decls.push(build(call));
  }
  decls.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return decls;
}

function readArgs(argsNode: SyntaxNode, resolver: ValueResolver): { kwargs: FieldArg[]; positional: Value[]; opaque: boolean } {
  const kwargs: FieldArg[] = [];
  const positional: Value[] = [];
  let opaque = false;
  for (const a of argsNode.namedChildren) {
    switch (a.type) {
      case 'comment':
        break;
      case 'keyword_argument': {
        const name = a.childForFieldName('name');
        const value = a.childForFieldName('value');
        if (!name || !value) break;
        kwargs.push({ name: name.text, nameRange: nodeRange(name), value: resolver.resolve(value), range: nodeRange(a) });
        break;
      }
      case 'list_splat':
      case 'dictionary_splat':
        opaque = true;
        break;
      default:
        positional.push(resolver.resolve(a));
    }
  }
  return { kwargs, positional, opaque };
}

function readChain(call: SyntaxNode, resolver: ValueResolver): ChainCall[] {
  const chain: ChainCall[] = [];
  let cur = call;
  for (;;) {
    const attr = cur.parent;
    if (!attr || attr.type !== 'attribute' || attr.childForFieldName('object')?.id !== cur.id) break;
    const outer = attr.parent;
    if (!outer || outer.type !== 'call' || outer.childForFieldName('function')?.id !== attr.id) break;
    const name = attr.childForFieldName('attribute');
    const argsNode = outer.childForFieldName('arguments');
    if (!name) break;
    const args: Value[] = [];
    const kwargs: FieldArg[] = [];
    if (argsNode && argsNode.type === 'argument_list') {
      const r = readArgs(argsNode, resolver);
      args.push(...r.positional);
      kwargs.push(...r.kwargs);
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

function statementStart(n: SyntaxNode): number {
  let cur = n;
  while (cur.parent && !STATEMENT_PARENTS.has(cur.parent.type) && cur.parent.type !== 'ERROR') cur = cur.parent;
  return cur.startPosition.row;
}

interface FullModuleScope extends ModuleScope {
  /** Names bound by def/class at module level. */
  definedNames: Set<string>;
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
export function buildModuleScope(root: SyntaxNode): FullModuleScope {
  const assigned = new Map<string, SyntaxNode[]>();
  const ambiguous = new Set<string>();
  const definedNames = new Set<string>();
  const imports = new Map<string, string>();

  const addImport = (stmt: SyntaxNode) => {
    if (stmt.type === 'import_statement') {
      for (const c of stmt.namedChildren) {
        if (c.type === 'aliased_import') {
          const mod = c.childForFieldName('name')?.text;
          const alias = c.childForFieldName('alias')?.text;
          if (mod && alias) imports.set(alias, mod);
        } else if (c.type === 'dotted_name') {
          // `import flytekit.image_spec` binds `flytekit`.
          const first = c.namedChildren[0]?.text ?? c.text;
          imports.set(first, first);
        }
      }
    } else if (stmt.type === 'import_from_statement') {
      const mod = stmt.childForFieldName('module_name')?.text ?? '';
      for (const c of stmt.namedChildren) {
        if (c.type === 'aliased_import') {
          const name = c.childForFieldName('name')?.text;
          const alias = c.childForFieldName('alias')?.text;
          if (name && alias) imports.set(alias, mod ? `${mod}.${name}` : name);
        } else if (c.type === 'dotted_name' && c.text !== mod) {
          imports.set(c.text, mod ? `${mod}.${c.text}` : c.text);
        }
      }
    }
  };

  const markTargets = (target: SyntaxNode | null, into: (name: string) => void) => {
    if (!target) return;
    if (target.type === 'identifier') into(target.text);
    else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'list_splat_pattern', 'parenthesized_expression'].includes(target.type)) {
      for (const c of target.namedChildren) markTargets(c, into);
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

  for (const s of root.namedChildren) visitStatement(s, false);

  // `global X` anywhere lets a function rebind X; walrus at module level too.
  for (const g of root.descendantsOfType(['global_statement', 'named_expression'])) {
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
  return { constants, ambiguous, imports: { names: imports }, definedNames };
}
