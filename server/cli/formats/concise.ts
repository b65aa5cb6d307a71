// One line per finding: `path:line:col: CODE [severity] message`.

import { LineIndex } from '../../model/position';
import type { Formatter, Report } from './types';
import { countBySeverity, displayPath, paint, severityStyle, summaryLine } from './shared';

export const concise: Formatter = {
  name: 'concise',
  description: 'one line per finding',
  render(r: Report): string {
    const out: string[] = [];
    const indexes = new Map<string, LineIndex>();
    for (const f of r.findings) {
      let idx = indexes.get(f.file);
      if (!idx) indexes.set(f.file, (idx = new LineIndex(r.sources.get(f.file) ?? '')));
      const col = idx.displayColumn(f.range.start);
      out.push(
        `${displayPath(f.file, r.cwd)}:${f.range.start.line + 1}:${col}: ${paint(r.color, severityStyle(f.severity), `${f.code} [${f.severity}]`)} ${f.message}`,
      );
      if (r.verbose && f.detail) out.push(`  ${paint(r.color, 'dim', 'detail:')} ${f.detail}`);
    }
    out.push(summaryLine(countBySeverity(r.findings), r.fixedCount));
    return out.join('\n') + '\n';
  },
};
