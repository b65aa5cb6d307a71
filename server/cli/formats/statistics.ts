// `--statistics`: counts per code instead of the findings, like ruff's
// `--statistics`. Text (aligned columns: count, code, fixable mark, name),
// or JSON with `--output-format json`.

import type { Report } from './types';
import { isAutoFixable, paint, severityStyle } from './shared';
import type { Severity } from '../../engine/types';
import { compareText } from '../../model/compare';

export interface CodeStatistics {
  code: string;
  name: string | null;
  severity: Severity;
  count: number;
  /** How many of them `--fix` would fix. */
  fixable: number;
}

export function statistics(r: Report): CodeStatistics[] {
  const names = new Map(r.rules.map((x) => [x.code, x.name]));
  const by = new Map<string, CodeStatistics>();
  for (const f of r.findings) {
    let s = by.get(f.code);
    if (!s) by.set(f.code, (s = { code: f.code, name: names.get(f.code) ?? null, severity: f.severity, count: 0, fixable: 0 }));
    s.count++;
    if (isAutoFixable(f)) s.fixable++;
    // A code reported at several severities shows the most severe.
    if (f.severity === 'error' || (f.severity === 'warning' && s.severity === 'info')) s.severity = f.severity;
  }
  return [...by.values()].sort((a, b) => b.count - a.count || compareText(a.code, b.code));
}

export function renderStatistics(r: Report, asJson: boolean): string {
  const rows = statistics(r);
  if (asJson) return JSON.stringify(rows, null, 2) + '\n';
  if (!rows.length) return '';
  const w = Math.max(...rows.map((s) => String(s.count).length));
  const out = rows.map(
    (s) => `${String(s.count).padStart(w)}  ${paint(r.color, severityStyle(s.severity), s.code)}  ${s.fixable ? '[*]' : '[ ]'} ${s.name ?? ''}`.trimEnd(),
  );
  if (rows.some((s) => s.fixable)) out.push(`[*] fixable with \`--fix\``);
  return out.join('\n') + '\n';
}
