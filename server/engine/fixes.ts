// Applying fixes to text. Used by `--fix` and by the language server's
// fix-all. The guarantees: edits never overlap (a fix whose edits would
// touch text another chosen fix already edits is skipped whole, to be
// retried on the next pass), and every byte outside the chosen edits is kept.

import { LineIndex } from '../model/position';
import type { Finding, Fix, TextEdit } from './types';

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export function toOffsetEdits(index: LineIndex, edits: TextEdit[]): OffsetEdit[] {
  return edits.map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText }));
}

/** Applies non-overlapping edits (offsets into `text`); throws on overlap, which callers prevent. */
export function applyOffsetEdits(text: string, edits: OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let last = 0;
  for (const e of sorted) {
    if (e.start < last) throw new Error('overlapping edits');
    out += text.slice(last, e.start) + e.newText;
    last = e.end;
  }
  return out + text.slice(last);
}

export function applyTextEdits(text: string, edits: TextEdit[]): string {
  return applyOffsetEdits(text, toOffsetEdits(new LineIndex(text), edits));
}

/** The fix `--fix` applies for a finding: its preferred fix, if allowed. */
export function autoFix(f: Finding, unsafe: boolean): Fix | undefined {
  const fix = f.fixes.find((x) => x.preferred) ?? (f.fixes.length === 1 ? f.fixes[0] : undefined);
  if (!fix || fix.command) return undefined;
  if (!fix.safe && !unsafe) return undefined;
  if (fix.edits.length === 0 && !fix.createFile) return undefined;
  return fix;
}

export interface PlannedFixes {
  /** Edits for the linted file, non-overlapping. */
  edits: OffsetEdit[];
  /** Files to create. */
  creates: { path: string; content: string }[];
  /** Findings whose fix was chosen. */
  applied: Finding[];
  /** Findings with a fix that was skipped because it overlapped another. */
  deferred: Finding[];
}

/** Chooses a non-overlapping set of fixes for one file's findings. */
export function planFixes(text: string, file: string, findings: Finding[], unsafe: boolean): PlannedFixes {
  const index = new LineIndex(text);
  const plan: PlannedFixes = { edits: [], creates: [], applied: [], deferred: [] };
  const taken: OffsetEdit[] = [];
  const createPaths = new Set<string>();
  for (const f of findings) {
    const fix = autoFix(f, unsafe);
    if (!fix) continue;
    if (fix.edits.some((e) => e.file && e.file !== file)) continue; // cross-file fixes are editor-only
    const edits = toOffsetEdits(index, fix.edits);
    const clash = edits.some((e) => taken.some((t) => overlaps(e, t))) || hasInternalOverlap(edits);
    if (clash || (fix.createFile && createPaths.has(fix.createFile.path))) {
      if (!(fix.createFile && createPaths.has(fix.createFile.path) && edits.length === 0)) plan.deferred.push(f);
      continue;
    }
    taken.push(...edits);
    plan.edits.push(...edits);
    if (fix.createFile) {
      createPaths.add(fix.createFile.path);
      plan.creates.push(fix.createFile);
    }
    plan.applied.push(f);
  }
  return plan;
}

function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  // Two insertions at one point also clash: their order would be arbitrary.
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end || (a.start === a.end && a.start > b.start && a.start < b.end) || (b.start === b.end && b.start > a.start && b.start < a.end);
}

function hasInternalOverlap(edits: OffsetEdit[]): boolean {
  const s = [...edits].sort((a, b) => a.start - b.start);
  for (let i = 1; i < s.length; i++) if (s[i].start < s[i - 1].end) return true;
  return false;
}

