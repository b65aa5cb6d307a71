// `--output-format rdjson`: reviewdog's Diagnostic Format as one JSON
// document (a DiagnosticResult), for `reviewdog -f=rdjson`, which posts the
// findings as review comments and the fixes as suggested changes.
//
// - Lines are 1-based and columns are 1-based UTF-8 byte offsets (the
//   format's unit, unlike the code points of our other formats); the end
//   is exclusive.
// - `code` carries the rule code and its documentation URL.
// - `suggestions`: reviewdog renders each suggestion as one alternative
//   replacement, so a fix becomes one suggestion: a fix with one edit is
//   that edit; a fix with several edits in the finding's file becomes one
//   replacement spanning them, the text between the edits kept as it is.
//   Fixes that create a file, run an editor command or edit another file
//   have no suggestion form and are left out.

import type { Finding, Fix, Severity } from '../../engine/types';
import { LineIndex, type Position } from '../../model/position';
import type { Formatter, Report } from './types';
import { INFORMATION_URI, Locator, portablePath, ruleDocsUrl } from './shared';

type RdSeverity = 'ERROR' | 'WARNING' | 'INFO';

const SEVERITY: Record<Severity, RdSeverity> = { error: 'ERROR', warning: 'WARNING', info: 'INFO' };

export interface RdPosition {
  line: number;
  column: number;
}

export interface RdRange {
  start: RdPosition;
  end: RdPosition;
}

export interface RdDiagnostic {
  message: string;
  location: { path: string; range: RdRange };
  severity: RdSeverity;
  code: { value: string; url: string };
  suggestions?: { range: RdRange; text: string }[];
}

export interface RdResult {
  source: { name: string; url: string };
  diagnostics: RdDiagnostic[];
}

export function toRdjson(r: Report): RdResult {
  const loc = new Locator(r.sources);
  const pos = (file: string, p: Position): RdPosition => ({ line: p.line + 1, column: loc.utf8Column(file, p) });

  /** One replacement for a fix, or undefined when the fix has no suggestion form. */
  const suggestion = (f: Finding, x: Fix): { range: RdRange; text: string } | undefined => {
    if (x.createFile || x.command || !x.edits.length || x.edits.some((e) => e.file !== undefined && e.file !== f.file)) return undefined;
    const text = r.sources.get(f.file);
    if (x.edits.length === 1) {
      const e = x.edits[0];
      return { range: { start: pos(f.file, e.range.start), end: pos(f.file, e.range.end) }, text: e.newText };
    }
    // Several edits: splice them into the text they span (offsets need the source).
    if (text === undefined) return undefined;
    const idx = new LineIndex(text);
    const edits = x.edits.map((e) => ({ start: idx.offsetAt(e.range.start), end: idx.offsetAt(e.range.end), newText: e.newText })).sort((a, b) => a.start - b.start);
    let out = '';
    for (let i = 0; i < edits.length; i++) {
      if (i > 0 && edits[i].start < edits[i - 1].end) return undefined; // overlapping: not one replacement
      if (i > 0) out += text.slice(edits[i - 1].end, edits[i].start);
      out += edits[i].newText;
    }
    const first = edits[0];
    const last = edits[edits.length - 1];
    return { range: { start: pos(f.file, idx.positionAt(first.start)), end: pos(f.file, idx.positionAt(last.end)) }, text: out };
  };

  return {
    source: { name: 'imagespec-lint', url: INFORMATION_URI },
    diagnostics: r.findings.map((f) => {
      const d: RdDiagnostic = {
        message: f.message,
        location: { path: portablePath(f.file, r.cwd), range: { start: pos(f.file, f.range.start), end: pos(f.file, f.range.end) } },
        severity: SEVERITY[f.severity],
        code: { value: f.code, url: ruleDocsUrl(f.code) },
      };
      const suggestions = f.fixes.map((x) => suggestion(f, x)).filter((s) => s !== undefined);
      if (suggestions.length) d.suggestions = suggestions;
      return d;
    }),
  };
}

export const rdjson: Formatter = {
  name: 'rdjson',
  description: "reviewdog's Diagnostic Format (reviewdog -f=rdjson)",
  render(r: Report): string {
    return JSON.stringify(toRdjson(r), null, 2) + '\n';
  },
};
