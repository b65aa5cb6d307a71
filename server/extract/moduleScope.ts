// What a module's top level binds, for any extractor: imports, constants
// (names assigned once, unconditionally), ambiguous names (assigned again,
// conditionally, or through `global` / walrus), names defined by def/class,
// and whether imports also sit below module level. Values read constants
// through it (values.ts); incremental extraction compares it between
// keystrokes (moduleNameSig). What the imported names mean to an SDK (is
// this ImageSpec?) is the extractor's business (python.ts).

import type { SyntaxNode, TreeCursor } from 'tree-sitter';
import type { Position } from '../model/position';
import { importBinds, lineIndexOf, nodeRange, type ModuleScope } from './values';
import { importBindings } from './scopes';

/**
 * What a module-level name means to a value that reads it (values.ts
 * evalName / dottedTarget): assigned more than once or not, imported as
 * what, and a constant's value as written and where (its literals' ranges
 * end up in declarations).
 */
export function moduleNameSig(scope: FullModuleScope, text: string): (name: string) => string {
  const sigs = new Map<string, string>();
  return (name) => {
    let sig = sigs.get(name);
    if (sig === undefined) {
      // From the value's span: no node made for a constant only compared.
      const def = scope.constants.spanOf(name);
      let constant = '';
      if (def) {
        const at = scope.constants.positionAt(def.start);
        constant = `${at.line}:${at.character}:${text.slice(def.start, def.end)}`;
      }
      sig = `${scope.ambiguous.has(name) ? 'A' : ''}\0${scope.imports.names.get(name) ?? ''}\0${constant}`;
      sigs.set(name, sig);
    }
    return sig;
  };
}

/**
 * Every name written after the keyword `def` or `class` (a superset of the
 * names definitions bind): both the identifier tree-sitter's grammar would
 * read there and the whole token up to the next delimiter.
 */
function defNamesInText(text: string): Set<string> {
  const out = new Set<string>();
  if (!text.includes('def') && !text.includes('class')) return out;
  const re = /(?:def|class)[\s\\]+([^\s(:[\\]+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // Every occurrence of a keyword gets its own match (`@dataclass\nclass X`).
    re.lastIndex = m.index + 1;
    const token = m[1];
    out.add(token);
    // An ASCII name (nearly every one) is its own identifier: the Unicode
    // expression is not run (1,870 definitions: 2.5 -> 1.6 ms on a first run).
    if (ASCII_NAME.test(token)) continue;
    const id = IDENTIFIER.exec(token);
    if (id) out.add(id[0]);
  }
  return out;
}

const ASCII_NAME = /^[A-Za-z_]\w*$/;
const IDENTIFIER = /^[_\p{XID_Start}][_\p{XID_Continue}]*/u;

export interface FullModuleScope extends ModuleScope {
  constants: Constants;
  /**
   * Names bound by def/class at module level: complete for names also
   * assigned at module level and for the `watched` names passed to
   * buildModuleScope; other definitions may be left out.
   */
  definedNames: Set<string>;
  /** Whether the file may hold import statements below module level (in a def or class). */
  nestedImports: boolean;
}

/** A module-level assignment's value: its node, or its span until a value reads it. */
type Rhs = SyntaxNode | { start: number; end: number };

/**
 * Module constants by name. The usual `NAME = value` is recorded as a span
 * and its node made on first `get` (every keystroke reads the module's
 * bindings; values read few of them).
 */
export class Constants extends Map<string, SyntaxNode> {
  private spans = new Map<string, { start: number; end: number }>();

  constructor(private readonly root: SyntaxNode) {
    super();
  }

  put(name: string, rhs: Rhs): void {
    if ('type' in rhs) this.set(name, rhs);
    else this.spans.set(name, rhs);
  }

  /** Where a constant's value is, without making its node. */
  spanOf(name: string): { start: number; end: number } | undefined {
    const span = this.spans.get(name);
    if (span) return span;
    const node = super.get(name);
    return node ? { start: node.startIndex, end: node.endIndex } : undefined;
  }

  positionAt(offset: number): Position {
    const idx = lineIndexOf(this.root.tree);
    if (idx) return idx.positionAt(offset);
    const n = this.root.descendantForIndex(offset, offset);
    return n.startIndex === offset ? nodeRange(n).start : { line: n.startPosition.row, character: n.startPosition.column };
  }

  override has(name: string): boolean {
    return super.has(name) || this.spans.has(name);
  }

  override get(name: string): SyntaxNode | undefined {
    const node = super.get(name);
    if (node) return node;
    const span = this.spans.get(name);
    if (!span) return undefined;
    // The smallest node over the span, then up to the outermost one with the same span (the assignment's right side).
    let n = this.root.descendantForIndex(span.start, span.end);
    for (let p = n.parent; p && p.startIndex === span.start && p.endIndex === span.end; p = p.parent) n = p;
    this.spans.delete(name);
    this.set(name, n);
    return n;
  }
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
 * resolved. `text`: the document the tree was parsed from. `watched`: names
 * whose own module-level def/class the caller must know about (a class
 * named `ImageSpec` shadows the import).
 */
export function buildModuleScope(root: SyntaxNode, text: string, watched: readonly string[]): FullModuleScope {
  const tree = root.tree;
  let core = tree ? built.get(tree) : undefined;
  if (!core || core.text !== text || core.root.id !== root.id) {
    core = buildCore(root, text);
    if (tree) built.set(tree, core);
  }
  // What def / class at module level bind matters only for a name also
  // assigned at module level, and for the watched names. The names written
  // after `def` / `class` anywhere in the text are a superset of those: when
  // none of them is such a name, the definitions are not visited one by one.
  // (Constants and ambiguous names never depend on `watched`: a definition
  // of an assigned name is always visited.)
  let definedNames = core.nestedDefs;
  if (core.topDefs > 0) {
    let relevant = core.assignedDefined;
    if (!relevant) {
      const written = (core.written ??= defNamesInText(text));
      for (const n of watched) if (written.has(n)) relevant = true;
    }
    if (relevant) definedNames = core.allDefs ??= topDefNames(root, text, core.nestedDefs);
  }
  return { constants: core.constants, ambiguous: core.ambiguous, imports: core.imports, definedNames, nestedImports: core.nestedImports };
}

/**
 * What a tree's module level binds, whatever the caller watches: both
 * extractors (python.ts, flyte.ts) read the same tree, so it is built once
 * per tree (and text).
 */
interface ScopeCore {
  root: SyntaxNode;
  text: string;
  constants: Constants;
  ambiguous: Set<string>;
  imports: { names: Map<string, string> };
  nestedImports: boolean;
  /** Names bound by def/class inside module-level compound statements. */
  nestedDefs: Set<string>;
  /** Module-level def/class statements. */
  topDefs: number;
  /** Whether a name assigned at module level is written after `def` / `class` (then every definition is visited). */
  assignedDefined: boolean;
  /** defNamesInText, on first need. */
  written?: Set<string>;
  /** nestedDefs and the names of the module-level definitions, on first need. */
  allDefs?: Set<string>;
}

const built = new WeakMap<object, ScopeCore>();

/** `nested` and the names module-level def/class statements bind. */
function topDefNames(root: SyntaxNode, text: string, nested: Set<string>): Set<string> {
  const out = new Set(nested);
  const cur = root.walk();
  const fieldText = (field: string): string | undefined => {
    if (!cur.gotoFirstChild()) return undefined;
    let found: string | undefined;
    do {
      if (cur.currentFieldName === field) {
        found = text.slice(cur.startIndex, cur.endIndex);
        break;
      }
    } while (cur.gotoNextSibling());
    cur.gotoParent();
    return found;
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
  if (cur.gotoFirstChild()) {
    do {
      const type = cur.nodeType;
      if (type === 'function_definition' || type === 'class_definition' || type === 'decorated_definition') {
        const name = defName(type);
        if (name !== undefined) out.add(name);
      }
    } while (cur.gotoNextSibling());
  }
  return out;
}

/**
 * The import statement at the cursor, as scopes.ts importBindings (local
 * name, dotted target) and values.ts importBinds (the names bound) read its
 * node, without a node wrapper: a module has dozens of imports, and most of
 * the module scope's time went to wrapping their children. Texts are read
 * from `text` (the document), as node texts would be.
 */
function importsAt(cur: TreeCursor, text: string, isFrom: boolean): { bindings: [string, string][]; binds: string[] } {
  const bindings: [string, string][] = [];
  const binds: string[] = [];
  const slice = () => text.slice(cur.startIndex, cur.endIndex);
  if (!cur.gotoFirstChild()) return { bindings, binds };
  let mod = '';
  do {
    if (!cur.nodeIsNamed) continue;
    // The module of `from X import ...` comes first; it binds nothing itself.
    if (isFrom && cur.currentFieldName === 'module_name') {
      mod = slice();
      continue;
    }
    const type = cur.nodeType;
    if (type === 'aliased_import') {
      let name: string | undefined;
      let alias: string | undefined;
      if (cur.gotoFirstChild()) {
        do {
          const f = cur.currentFieldName;
          if (f === 'name' && name === undefined) name = slice();
          else if (f === 'alias' && alias === undefined) alias = slice();
        } while (cur.gotoNextSibling());
        cur.gotoParent();
      }
      if (name && alias) bindings.push([alias, isFrom && mod ? `${mod}.${name}` : name]);
      if (alias !== undefined) binds.push(alias);
    } else if (type === 'dotted_name') {
      if (isFrom) {
        const t = slice();
        bindings.push([t, mod ? `${mod}.${t}` : t]);
        binds.push(t);
      } else {
        // `import flytekit.image_spec` binds `flytekit`.
        let first: string | undefined;
        if (cur.gotoFirstChild()) {
          do {
            if (cur.nodeIsNamed) {
              first = slice();
              break;
            }
          } while (cur.gotoNextSibling());
          cur.gotoParent();
        }
        const t = first ?? slice();
        bindings.push([t, t]);
        binds.push(t);
      }
    }
  } while (cur.gotoNextSibling());
  cur.gotoParent();
  return { bindings, binds };
}

function buildCore(root: SyntaxNode, text: string): ScopeCore {
  const assigned = new Map<string, Rhs[]>();
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
  /**
   * At an `assignment`: `NAME = value` or `NAME: T = value` (the usual
   * module-level binding) read through the cursor, with a node wrapper for
   * the value only (the keystroke path walks every module-level statement).
   * Undefined for any other form (`a = b = 1`, `a, b = ...`, `x: int`).
   */
  const simpleAssignment = (): { name: string; rhs: Rhs } | undefined => {
    if (!cur.gotoFirstChild()) return undefined;
    let name: string | undefined;
    let rhs: Rhs | undefined;
    let ok = true;
    do {
      const f = cur.currentFieldName;
      if (f === 'left') {
        if (cur.nodeType === 'identifier') name = text.slice(cur.startIndex, cur.endIndex);
        else ok = false;
      } else if (f === 'right') {
        if (cur.nodeType === 'assignment') ok = false;
        else rhs = { start: cur.startIndex, end: cur.endIndex }; // the node is made when a value reads it
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
          let simple: { name: string; rhs: Rhs } | undefined;
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
        case 'import_from_statement': {
          // What visitStatement does with it, read through the cursor.
          importStatements++;
          const found = importsAt(cur, text, type === 'import_from_statement');
          for (const [local, target] of found.bindings) imports.set(local, target);
          for (const n of found.binds) if (assigned.has(n)) ambiguous.add(n);
          break;
        }
        default:
          if (COMPOUND.has(type)) visitStatement(cur.currentNode, false);
      }
    } while (cur.gotoNextSibling());
  }

  // Whether a definition may bind a name also assigned at module level:
  // then every definition is visited (see buildModuleScope).
  const nestedDefs = new Set(definedNames);
  let assignedDefined = false;
  let written: Set<string> | undefined;
  let allDefs: Set<string> | undefined;
  if (topDefs > 0) {
    written = defNamesInText(text);
    for (const n of assigned.keys()) if (written.has(n)) assignedDefined = true;
    if (assignedDefined) {
      allDefs = topDefNames(root, text, definedNames);
      for (const n of allDefs) definedNames.add(n);
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

  const constants = new Constants(root);
  for (const [name, rhs] of assigned) {
    if (rhs.length === 1 && !ambiguous.has(name) && !definedNames.has(name) && !imports.has(name)) constants.put(name, rhs[0]);
    else ambiguous.add(name);
  }

  // Every import statement contains the word `import`: when the text has no
  // more of them than the module-level statements, there are no nested imports.
  let words = 0;
  for (let i = text.indexOf('import'); i !== -1; i = text.indexOf('import', i + 6)) words++;
  return { root, text, constants, ambiguous, imports: { names: imports }, nestedImports: words > importStatements, nestedDefs, topDefs, assignedDefined, written, allDefs };
}
