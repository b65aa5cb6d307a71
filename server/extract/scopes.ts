// Python name resolution for the extractor: what a name at a given place
// refers to, following Python's scoping (function, lambda, class body,
// comprehension), computed once per scope: each scope's bindings are
// collected in one walk of its body (a TreeCursor, no per-name re-walks) and
// memoized by scope node.
//
// Semantics (mirrored by test/oracle/ast_calls.py):
//  * a name bound in an enclosing function / lambda / comprehension, or (for
//    code directly in it) class body, is local there; `global` sends the
//    lookup to the module, `nonlocal` to the next enclosing function;
//  * a local binding made by an import has the kind of what it imports
//    (the extractor's `targetKind`: importing ImageSpec, or a flytekit /
//    union module, still refers to it); any other local binding does not;
//  * decorators, default values, annotations and class bases run in the
//    enclosing scope, and so does a comprehension's first iterable.

import type { SyntaxNode, TreeCursor } from 'tree-sitter';

/**
 * What a name means to the extractor asking: `spec`, the class whose calls
 * are declarations (ImageSpec); `module`, a module holding it (flytekit, so
 * `flytekit.ImageSpec(...)`); `target:X`, a name bound to the dotted import
 * target X (the Flyte 2 extractor: `target:flyte.Image`); `other`, anything else.
 */
export type NameKind = 'spec' | 'module' | 'other' | `target:${string}`;

/** (local name, dotted target) pairs an import statement binds. */
export function importBindings(stmt: SyntaxNode): [string, string][] {
  const out: [string, string][] = [];
  if (stmt.type === 'import_statement') {
    for (const c of stmt.namedChildren) {
      if (c.type === 'aliased_import') {
        const mod = c.childForFieldName('name')?.text;
        const alias = c.childForFieldName('alias')?.text;
        if (mod && alias) out.push([alias, mod]);
      } else if (c.type === 'dotted_name') {
        // `import flytekit.image_spec` binds `flytekit`.
        const first = c.namedChild(0)?.text ?? c.text;
        out.push([first, first]);
      }
    }
  } else if (stmt.type === 'import_from_statement') {
    const modNode = stmt.childForFieldName('module_name');
    const mod = modNode?.text ?? '';
    const modStart = modNode ? modNode.startIndex : -1;
    for (const c of stmt.namedChildren) {
      if (c.type === 'aliased_import') {
        const name = c.childForFieldName('name')?.text;
        const alias = c.childForFieldName('alias')?.text;
        if (name && alias) out.push([alias, mod ? `${mod}.${name}` : name]);
      } else if (c.type === 'dotted_name' && c.startIndex !== modStart) {
        out.push([c.text, mod ? `${mod}.${c.text}` : c.text]);
      }
    }
  }
  return out;
}

type ScopeType = 'function' | 'lambda' | 'class' | 'comprehension';

export interface ScopeRef {
  type: ScopeType;
  node: SyntaxNode;
}

interface ScopeTable {
  params: Set<string>;
  bindings: Map<string, Set<NameKind>>;
  globals: Set<string>;
  nonlocals: Set<string>;
}

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const TARGET_CONTAINERS = new Set([
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'tuple',
  'list',
  'list_splat_pattern',
  'list_splat',
  'parenthesized_expression',
  'expression_list',
  'as_pattern_target',
]);

/** Identifiers a target expression binds (`a`, `a, (b, *c)`; not `a.b` or `a[0]`). Iterative: targets may nest deeply. */
function targetNames(target: SyntaxNode | null, into: (name: string) => void): void {
  const stack: SyntaxNode[] = target ? [target] : [];
  while (stack.length) {
    const t = stack.pop()!;
    if (t.type === 'identifier') into(t.text);
    else if (TARGET_CONTAINERS.has(t.type)) {
      for (let i = t.namedChildCount - 1; i >= 0; i--) stack.push(t.namedChild(i)!);
    }
  }
}

function paramNames(params: SyntaxNode | null, into: Set<string>): void {
  if (!params) return;
  for (let i = 0; i < params.namedChildCount; i++) {
    const c = params.namedChild(i)!;
    let id: SyntaxNode | null = null;
    switch (c.type) {
      case 'identifier':
        id = c;
        break;
      case 'default_parameter':
      case 'typed_default_parameter':
        id = c.childForFieldName('name');
        break;
      case 'typed_parameter':
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        id = c.namedChild(0);
        if (id && (id.type === 'list_splat_pattern' || id.type === 'dictionary_splat_pattern')) id = id.namedChild(0);
        break;
    }
    if (id && id.type === 'identifier') into.add(id.text);
  }
}

/** Default values of a parameter list: they run in the enclosing scope. */
function defaultValues(params: SyntaxNode | null): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  if (!params) return out;
  for (let i = 0; i < params.namedChildCount; i++) {
    const c = params.namedChild(i)!;
    if (c.type === 'default_parameter' || c.type === 'typed_default_parameter') {
      const v = c.childForFieldName('value');
      if (v) out.push(v);
    }
  }
  return out;
}

function firstForIn(comp: SyntaxNode): SyntaxNode | null {
  for (let i = 0; i < comp.namedChildCount; i++) {
    const c = comp.namedChild(i)!;
    if (c.type === 'for_in_clause') return c;
  }
  return null;
}

export class Scopes {
  private readonly tables = new Map<number, ScopeTable>();

  /**
   * `moduleKind`: what a name means at module level. `targetKind`: what a
   * local import binds, by its dotted target (`flytekit.ImageSpec`).
   */
  constructor(
    private readonly moduleKind: (name: string) => NameKind,
    private readonly targetKind: (target: string) => NameKind,
  ) {}

  /**
   * The scopes enclosing `n`, innermost first. `up` is n's ancestors, nearest
   * first (values.ts `ancestors`).
   */
  chainOf(n: SyntaxNode, up: SyntaxNode[]): ScopeRef[] {
    const chain: ScopeRef[] = [];
    for (let i = 0; i < up.length; i++) {
      const p = up[i];
      const child = i === 0 ? n : up[i - 1];
      const t = p.type;
      if (t === 'function_definition' || t === 'class_definition') {
        // Only the body (the one block child) is the function's / class's own code.
        if (child.type === 'block') chain.push({ type: t === 'class_definition' ? 'class' : 'function', node: p });
      } else if (t === 'lambda') {
        if (child.type !== 'lambda_parameters') chain.push({ type: 'lambda', node: p });
      } else if (COMPREHENSIONS.has(t)) {
        const grand = i >= 2 ? up[i - 2] : i === 1 ? n : null;
        if (child.type === 'for_in_clause' && grand) {
          const first = firstForIn(p);
          if (first && first.startIndex === child.startIndex) {
            const right = child.childForFieldName('right');
            if (right && right.startIndex === grand.startIndex && right.endIndex === grand.endIndex) continue;
          }
        }
        chain.push({ type: 'comprehension', node: p });
      }
    }
    return chain;
  }

  /**
   * What `name` refers to in a scope chain: `local` when an enclosing scope
   * binds it (with the kind of that binding), else the module's meaning.
   */
  lookup(chain: readonly ScopeRef[], name: string): { local: boolean; kind: NameKind } {
    let skipClasses = false;
    for (const s of chain) {
      if (s.type === 'class' && skipClasses) continue;
      const t = this.table(s);
      if (t.params.has(name)) return { local: true, kind: 'other' };
      if (t.globals.has(name)) break;
      if (!t.nonlocals.has(name)) {
        const b = t.bindings.get(name);
        if (b) return { local: true, kind: b.size === 1 ? b.values().next().value! : 'other' };
      }
      if (s.type !== 'class') skipClasses = true;
    }
    return { local: false, kind: this.moduleKind(name) };
  }

  kindOf(chain: readonly ScopeRef[], name: string): NameKind {
    return this.lookup(chain, name).kind;
  }

  isLocal(chain: readonly ScopeRef[], name: string): boolean {
    return this.lookup(chain, name).local;
  }

  private table(s: ScopeRef): ScopeTable {
    const key = s.node.id;
    let t = this.tables.get(key);
    if (t) return t;
    t = { params: new Set(), bindings: new Map(), globals: new Set(), nonlocals: new Set() };
    const n = s.node;
    switch (s.type) {
      case 'function':
        paramNames(n.childForFieldName('parameters'), t.params);
        collect(n.childForFieldName('body'), t, false, this.targetKind);
        break;
      case 'lambda':
        paramNames(n.childForFieldName('parameters'), t.params);
        collect(n.childForFieldName('body'), t, true, this.targetKind);
        break;
      case 'class':
        collect(n.childForFieldName('body'), t, false, this.targetKind);
        break;
      case 'comprehension':
        for (let i = 0; i < n.namedChildCount; i++) {
          const c = n.namedChild(i)!;
          if (c.type === 'for_in_clause') targetNames(c.childForFieldName('left'), (x) => t!.params.add(x));
        }
        break;
    }
    this.tables.set(key, t);
    return t;
  }
}

function bind(t: ScopeTable, name: string, kind: NameKind): void {
  let s = t.bindings.get(name);
  if (!s) t.bindings.set(name, (s = new Set()));
  s.add(kind);
}

/**
 * Collects the bindings a scope's code makes, without entering nested scopes
 * (only the parts of them that run here: decorators, defaults, bases, a
 * comprehension's first iterable, walrus targets inside comprehensions).
 */
function collect(start: SyntaxNode | null, t: ScopeTable, includeSelf: boolean, targetKind: (target: string) => NameKind): void {
  if (!start) return;
  const other = (name: string) => bind(t, name, 'other');
  const visit = (c: TreeCursor): boolean => {
    switch (c.nodeType) {
      case 'function_definition':
      case 'class_definition': {
        const node = c.currentNode;
        const name = node.childForFieldName('name');
        if (name) other(name.text);
        if (c.nodeType === 'function_definition') {
          for (const v of defaultValues(node.childForFieldName('parameters'))) collect(v, t, true, targetKind);
        } else {
          collect(node.childForFieldName('superclasses'), t, true, targetKind);
        }
        return false;
      }
      case 'lambda': {
        for (const v of defaultValues(c.currentNode.childForFieldName('parameters'))) collect(v, t, true, targetKind);
        return false;
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression': {
        const node = c.currentNode;
        collect(firstForIn(node)?.childForFieldName('right') ?? null, t, true, targetKind);
        // Walrus targets inside a comprehension bind in the enclosing scope.
        for (const w of node.descendantsOfType('named_expression')) {
          const name = w.childForFieldName('name');
          if (name) other(name.text);
        }
        return false;
      }
      case 'import_statement':
      case 'import_from_statement':
        for (const [local, target] of importBindings(c.currentNode)) bind(t, local, targetKind(target));
        return false;
      case 'global_statement':
      case 'nonlocal_statement': {
        const into = c.nodeType === 'global_statement' ? t.globals : t.nonlocals;
        const node = c.currentNode;
        for (let i = 0; i < node.namedChildCount; i++) into.add(node.namedChild(i)!.text);
        return false;
      }
      case 'assignment':
      case 'augmented_assignment':
      case 'for_statement':
        targetNames(c.currentNode.childForFieldName('left'), other);
        return true;
      case 'named_expression': {
        const name = c.currentNode.childForFieldName('name');
        if (name) other(name.text);
        return true;
      }
      case 'as_pattern_target':
        targetNames(c.currentNode, other);
        return false;
      case 'delete_statement': {
        const node = c.currentNode;
        for (let i = 0; i < node.namedChildCount; i++) targetNames(node.namedChild(i), other);
        return false;
      }
      case 'case_pattern':
      case 'keyword_pattern': {
        // `case X:` / `k=X` capture a name; `case a.b:` is a value pattern.
        const node = c.currentNode;
        for (let i = 0; i < node.namedChildCount; i++) {
          const k = node.namedChild(i)!;
          if (k.type === 'dotted_name' && k.namedChildCount === 1 && k.text !== '_') other(k.text);
        }
        return true;
      }
      case 'splat_pattern': {
        const id = c.currentNode.namedChild(0);
        if (id && id.type === 'identifier' && id.text !== '_') other(id.text);
        return false;
      }
      case 'as_pattern': {
        // In a case pattern: `P as name`.
        const node = c.currentNode;
        const first = node.namedChild(0);
        const last = node.namedChild(node.namedChildCount - 1);
        if (first?.type === 'case_pattern' && last?.type === 'identifier') other(last.text);
        return true;
      }
      case 'type_alias_statement':
        targetNames(c.currentNode.childForFieldName('left')?.namedChild(0) ?? null, other);
        return false;
      default:
        return true;
    }
  };
  const c = start.walk();
  if (includeSelf && !visit(c)) return;
  if (!c.gotoFirstChild()) return;
  for (;;) {
    if (visit(c) && c.gotoFirstChild()) continue;
    while (!c.gotoNextSibling()) {
      if (!c.gotoParent()) return;
      if (c.startIndex === start.startIndex && c.endIndex === start.endIndex && c.nodeType === start.type) {
        // Back at the start node: its siblings are not ours.
        return;
      }
    }
  }
}
