// Helpers shared by the human-readable formats.

import * as path from 'node:path';
import { LineIndex, type Position, type Range } from '../../model/position';
import type { Finding, Severity } from '../../engine/types';

// Findings come grouped by file: remembering the last answer saves a
// path.relative per finding (microseconds each, thousands of findings).
let lastPath: { file: string; cwd: string; shown: string } | undefined;

/** A POSIX absolute path without `.`/`..` segments, `//` or a trailing `/`. */
const isNormalPosix = (p: string): boolean => p.startsWith('/') && !/\/\.{0,2}(\/|$)|\/\//.test(p.length > 1 ? p : '');

export function displayPath(file: string, cwd: string): string {
  if (lastPath && lastPath.file === file && lastPath.cwd === cwd) return lastPath.shown;
  let shown: string;
  if (path.sep === '/' && isNormalPosix(file) && isNormalPosix(cwd)) {
    // What path.relative would decide, by prefix (path.relative costs ~10 µs a call in a short run).
    const base = cwd === '/' ? '/' : cwd + '/';
    shown = file.startsWith(base) && file.length > base.length ? file.slice(base.length) : file;
  } else {
    const rel = path.relative(cwd, file);
    // `..b/c` is inside (a folder named "..b"); only `..` and `../` go up.
    shown = rel && rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel) ? rel : file;
  }
  lastPath = { file, cwd, shown };
  return shown;
}

const CODES = { red: 31, yellow: 33, blue: 34, cyan: 36, bold: 1, dim: 2 } as const;
export type Style = keyof typeof CODES;

export function paint(on: boolean, style: Style, s: string): string {
  return on ? `\x1b[${CODES[style]}m${s}\x1b[0m` : s;
}

export function severityStyle(s: Severity): Style {
  return s === 'error' ? 'red' : s === 'warning' ? 'yellow' : 'blue';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "Found 2 errors, 1 warning (3 fixed)." */
export function summaryLine(counts: Record<Severity, number>, fixed: number): string {
  const parts: string[] = [];
  if (counts.error) parts.push(plural(counts.error, 'error'));
  if (counts.warning) parts.push(plural(counts.warning, 'warning'));
  if (counts.info) parts.push(plural(counts.info, 'note'));
  const fixedText = fixed ? ` (${fixed} fixed)` : '';
  if (!parts.length) return fixed ? `Fixed ${plural(fixed, 'finding')}; nothing left.` : 'All checks passed.';
  return `Found ${parts.join(', ')}${fixedText}.`;
}

export function countBySeverity(findings: { severity: Severity }[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

// ---- Helpers for the machine-readable formats (json, sarif, github, junit) ----

export { INFORMATION_URI, RULE_DOCS_BASE_URL, ruleDocsUrl } from '../../engine/docsUrl';

/** displayPath with `/` separators, the same on every OS (for files read by other tools). */
export function portablePath(file: string, cwd: string): string {
  return displayPath(file, cwd).split(path.sep).join('/');
}

/** A range as people and CI tools count it: 1-based lines, 1-based columns in code points, end exclusive. */
export interface DisplayLocation {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * Converts engine ranges (0-based, UTF-16 units) to display locations, with
 * a LineIndex per file built once. A file whose text the report does not
 * hold (an edit in another file) falls back to UTF-16 columns.
 */
export class Locator {
  private readonly indexes = new Map<string, LineIndex | null>();

  constructor(private readonly sources: Map<string, string>) {}

  private index(file: string): LineIndex | null {
    let idx = this.indexes.get(file);
    if (idx === undefined) {
      const text = this.sources.get(file);
      idx = text === undefined ? null : new LineIndex(text);
      this.indexes.set(file, idx);
    }
    return idx;
  }

  column(file: string, p: Position): number {
    const idx = this.index(file);
    return idx ? idx.displayColumn(p) : p.character + 1;
  }

  locate(file: string, r: Range): DisplayLocation {
    return { line: r.start.line + 1, column: this.column(file, r.start), endLine: r.end.line + 1, endColumn: this.column(file, r.end) };
  }

  /** 1-based column in UTF-8 bytes (reviewdog's unit); UTF-16 units + 1 for a file whose text the report does not hold. */
  utf8Column(file: string, p: Position): number {
    const idx = this.index(file);
    if (!idx) return p.character + 1;
    const line = idx.lineText(p.line);
    const before = line.slice(0, Math.min(Math.max(0, p.character), line.length));
    // Most lines are ASCII: then bytes are UTF-16 units.
    // eslint-disable-next-line no-control-regex -- every ASCII character, from NUL up
    return (/^[\x00-\x7f]*$/.test(before) ? before.length : Buffer.byteLength(before, 'utf8')) + 1;
  }
}

/** A fix `--fix` applies: the preferred (or only) fix, when safe and not an editor command. */
export function isAutoFixable(f: Finding): boolean {
  return f.fixes.some((x) => (x.preferred || f.fixes.length === 1) && x.safe && !x.command);
}
