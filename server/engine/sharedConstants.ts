// A safe fix must not change code the finding is not about. A value read
// from a module constant (`registry=REGISTRY_URL`) is fixed where the
// constant's literal is written; when other code also uses that constant
// (`requests.get(REGISTRY_URL + "v2/...")`), the fix would change what that
// code does too. Such a fix becomes unsafe (applied only with
// --unsafe-fixes; editors still offer it) and its title says why. Uses as a
// field of any ImageSpec in the file do not count: the fix is meant for
// them.

import type { Tree } from 'tree-sitter';
import type { ImageDecl, StrValue, Value } from '../model/decl';
import { comparePos, type Range } from '../model/position';
import { nameReferences } from '../extract/references';
import type { Finding } from './types';

interface SharedLiteral {
  name: string;
  literal: Range;
}

function inside(inner: Range, outer: Range): boolean {
  return comparePos(outer.start, inner.start) <= 0 && comparePos(inner.end, outer.end) <= 0;
}

function visitValues(decls: ImageDecl[], f: (v: Value) => void): void {
  const walk = (v: Value): void => {
    f(v);
    if (v.kind === 'list') v.items.forEach(walk);
    else if (v.kind === 'dict') {
      for (const e of v.entries) {
        walk(e.key);
        walk(e.value);
      }
    }
    else if (v.kind === 'spec') visitValues([v.decl], f);
  };
  for (const d of decls) {
    for (const a of d.fields) walk(a.value);
    for (const c of d.chain) {
      c.args.forEach(walk);
      for (const k of c.kwargs) walk(k.value);
    }
  }
}

/** Marks safe fixes that edit a module constant other code also uses as unsafe. */
export function guardSharedConstants(findings: Finding[], decls: ImageDecl[], tree: Tree | undefined, text?: string): Finding[] {
  if (!tree || !findings.some((f) => f.fixes.some((x) => x.safe))) return findings;
  // String values read from a constant whose literal is written elsewhere, and every use site of each constant.
  const literals: SharedLiteral[] = [];
  const uses = new Map<string, Range[]>();
  visitValues(decls, (v) => {
    if (v.kind !== 'str') return;
    const s = v as StrValue;
    if (!s.constant) return;
    let list = uses.get(s.constant);
    if (!list) uses.set(s.constant, (list = []));
    list.push(s.range);
    if (s.origin && !inside(s.origin.literalRange, s.range)) literals.push({ name: s.constant, literal: s.origin.literalRange });
  });
  if (!literals.length) return findings;
  const others = new Map<string, number>();
  const otherUses = (name: string): number => {
    let n = others.get(name);
    if (n === undefined) {
      const specUses = uses.get(name) ?? [];
      n = nameReferences(tree, name, text).filter((r) => !specUses.some((u) => inside(r, u))).length;
      others.set(name, n);
    }
    return n;
  };
  return findings.map((f) => {
    if (!f.fixes.some((x) => x.safe)) return f;
    let changed = false;
    const fixes = f.fixes.map((fix) => {
      if (!fix.safe) return fix;
      const hit = literals.find((l) => fix.edits.some((e) => (!e.file || e.file === f.file) && inside(e.range, l.literal)));
      if (!hit || otherUses(hit.name) === 0) return fix;
      changed = true;
      return { ...fix, safe: false, title: `${fix.title} (changes \`${hit.name}\`, which other code also uses)` };
    });
    return changed ? { ...f, fixes } : f;
  });
}
