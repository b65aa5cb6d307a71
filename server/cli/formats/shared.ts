// Helpers shared by the human-readable formats.

import * as path from 'node:path';
import type { Position } from '../../model/position';
import type { Severity } from '../../engine/types';

export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/**
 * 1-based column a person can count: code points, not UTF-16 units (an emoji
 * is one column). Positions inside the engine stay in UTF-16 units.
 */
export function displayColumn(lineText: string, p: Position): number {
  return [...lineText.slice(0, p.character)].length + 1;
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
