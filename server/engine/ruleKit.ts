// Small helpers rules share: exact sub-ranges inside string literals and
// edits that rewrite a value in the declaration's own syntax (Python or
// YAML). Kept here so each rule file holds only its own logic.

import type { FieldArg, ImageDecl, StrValue } from '../model/decl';
import type { LineIndex, Range } from '../model/position';
import { pyQuote } from '../extract/pyString';
import type { Fix, TextEdit } from './types';

/**
 * The source range of characters [start, end) of a string value, when the
 * value is a plain single-line literal at the use site without escapes, so
 * each character maps to one source character; otherwise the whole value.
 */
export function strSubRange(v: StrValue, start: number, end: number, lines: LineIndex): Range {
  const o = v.origin;
  if (!o || !sameRange(o.literalRange, v.range) || o.literalRange.start.line !== o.literalRange.end.line) return v.range;
  const src = lines.slice(o.literalRange);
  const openLen = (o.prefix?.length ?? 0) + (o.quote?.length ?? 0);
  const closeLen = o.quote?.length ?? 0;
  const body = src.slice(openLen, src.length - closeLen);
  // A value may be the clean start of its literal (rules/shared/registry.ts's cleanPrefix): offsets into it still map.
  if (!body.startsWith(v.value) || (o.prefix && o.prefix !== 'u' && o.prefix !== 'r')) return v.range;
  const line = o.literalRange.start.line;
  const base = o.literalRange.start.character + openLen;
  const s = Math.max(0, Math.min(start, v.value.length));
  const e = Math.max(s, Math.min(end, v.value.length));
  return { start: { line, character: base + s }, end: { line, character: base + e } };
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** A literal for `value` in the declaration's syntax, keeping the original quote style when known. */
export function literalFor(decl: ImageDecl, value: string, quote?: string): string {
  if (decl.source === 'yaml') return yamlScalar(value, quote);
  return pyQuote(value, quote ?? '"');
}

function yamlScalar(value: string, quote?: string): string {
  if (quote === "'") return `'${value.replace(/'/g, "''")}'`;
  if (quote === '"') return JSON.stringify(value);
  // Plain scalars are safe only for simple text YAML would not reinterpret.
  if (/^[A-Za-z0-9_./][A-Za-z0-9_./:@+-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~|[-+]?[0-9.]+(e[-+]?[0-9]+)?)$/i.test(value) && !/: |:$/.test(value)) {
    return value;
  }
  return JSON.stringify(value);
}

/**
 * An edit that makes a string value read `newValue`: it rewrites the literal
 * the value came from (at the use site, a module constant, or an env
 * default). Undefined when the value is built from several parts (f-string,
 * concatenation): a rewrite would destroy the user's structure.
 */
function rewriteStr(decl: ImageDecl, v: StrValue, newValue: string): TextEdit | undefined {
  if (!v.origin) return undefined;
  return { range: v.origin.literalRange, newText: literalFor(decl, newValue, v.origin.quote) };
}

/** A one-edit fix replacing a string value, or undefined when it cannot be rewritten. */
export function strFix(decl: ImageDecl, v: StrValue, newValue: string, title: string, opts: { preferred?: boolean; safe?: boolean } = {}): Fix | undefined {
  const edit = rewriteStr(decl, v, newValue);
  if (!edit) return undefined;
  return { title, edits: [edit], preferred: opts.preferred ?? true, safe: opts.safe ?? true };
}

/** Renames a keyword (IS501's "did you mean"). */
export function renameKeyword(arg: FieldArg, newName: string): TextEdit {
  return { range: arg.nameRange, newText: newName };
}

/** Where the value text for a field in a message goes: `"value"` plus env provenance. */
export function shown(v: StrValue): string {
  const q = JSON.stringify(v.value);
  return v.envDefault ? `${q} (the default of $${v.envDefault})` : q;
}

/** Candidates within a distance budget, closest first, ties in the given order. */
export function closest(word: string, candidates: readonly string[], maxDistance?: number): string[] {
  const budget = maxDistance ?? Math.max(1, Math.floor(word.length / 3));
  const w = word.toLowerCase();
  const hits: { c: string; i: number; d: number }[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    const lc = c.toLowerCase();
    // Every edit changes the length by at most one: a length difference over
    // the budget rules the candidate out without computing the distance.
    if (Math.abs(lc.length - w.length) > budget) continue;
    const d = osaDistance(w, lc);
    if (d <= budget) hits.push({ c, i, d });
  }
  return hits.sort((a, b) => a.d - b.d || a.i - b.i).map((x) => x.c);
}

/** Optimal string alignment distance (edits plus adjacent transpositions). */
export function osaDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => {
    const row = new Array<number>(n + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}
