// Inline suppressions, hadolint/ruff style:
//   # imagespec: ignore[IS301,IS601]   on the finding's line or the call's line
//   # imagespec: ignore                 all codes there
//   # imagespec: ignore-file[IS107]     anywhere in the file
// Python and YAML both use `#` comments, so one scanner serves both.

import type { Range } from '../model/position';
import { commentsOnly } from './comments';

export interface Suppression {
  kind: 'line' | 'file';
  /** 0-based line of the comment. */
  line: number;
  /** Codes named; empty means all. */
  codes: string[];
  /** Range of the comment directive, for IS000 and its fix. */
  range: Range;
  /**
   * What removing the whole directive deletes: the directive, plus the
   * blanks before it when nothing follows it on the line (no trailing
   * whitespace left behind).
   */
  removal: Range;
  /** Codes that suppressed at least one finding ('*' when codes is empty). */
  used: Set<string>;
}

const DIRECTIVE = /#\s*imagespec\s*:\s*(ignore-file|ignore)\b(?:\s*\[([^\]]*)\])?/g;

/**
 * The directives in a file's comments. Only real comments count: a directive
 * inside a string, a docstring or a YAML block scalar is text (comments.ts).
 */
export function parseSuppressions(text: string, kind: 'python' | 'yaml' = 'python'): Suppression[] {
  if (!text.includes('imagespec')) return [];
  const out: Suppression[] = [];
  // Lines end at "\n", "\r\n" or a lone "\r" (LineIndex); a CRLF line keeps its "\r" here.
  const lines = text.split(/\n|\r(?!\n)/);
  // Blanked outside comments, same length and line breaks: split the same way.
  const commentLines = commentsOnly(text, kind).split(/\n|\r(?!\n)/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const comment = commentLines[i];
    if (!comment.includes('imagespec')) continue;
    DIRECTIVE.lastIndex = 0;
    for (let m = DIRECTIVE.exec(comment); m; m = DIRECTIVE.exec(comment)) {
      const codes = (m[2] ?? '')
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean);
      const end = m.index + m[0].length;
      const range = { start: { line: i, character: m.index }, end: { line: i, character: end } };
      let from = m.index;
      let to = end;
      if (line.slice(end).trim() === '') {
        to = line.length - (line.endsWith('\r') ? 1 : 0);
        while (from > 0 && (line[from - 1] === ' ' || line[from - 1] === '\t')) from--;
      }
      out.push({
        kind: m[1] === 'ignore-file' ? 'file' : 'line',
        line: i,
        codes,
        range,
        removal: { start: { line: i, character: from }, end: { line: i, character: to } },
        used: new Set(),
      });
    }
  }
  return out;
}

/**
 * Whether a finding is suppressed. `lines` are the lines where a line
 * directive applies: the finding's first line, the call's line and the
 * statement's first line. Marks the directive as used.
 */
export function isSuppressed(sups: Suppression[], code: string, lines: number[]): boolean {
  for (const s of sups) {
    if (s.kind === 'line' && !lines.includes(s.line)) continue;
    if (s.codes.length === 0) {
      s.used.add('*');
      return true;
    }
    if (s.codes.includes(code)) {
      s.used.add(code);
      return true;
    }
  }
  return false;
}

/** Codes of a directive that suppressed nothing; ['*'] for a bare unused directive. */
export function unusedCodes(s: Suppression): string[] {
  if (s.codes.length === 0) return s.used.size ? [] : ['*'];
  return s.codes.filter((c) => !s.used.has(c));
}
