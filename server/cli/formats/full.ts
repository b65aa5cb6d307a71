// The default format, after ruff and actionlint: a location line
// `path:line:col: CODE message`, the source line with a caret run under the
// range, and each fix as a `help:` line.

import { LineIndex } from '../../model/position';
import type { Formatter, Report } from './types';
import { caretLayout } from './width';
import { countBySeverity, displayPath, paint, severityStyle, summaryLine } from './shared';

export const full: Formatter = {
  name: 'full',
  description: 'location, message, source snippet with carets, fixes (default)',
  render(r: Report): string {
    const out: string[] = [];
    const indexes = new Map<string, LineIndex>();
    for (const f of r.findings) {
      const text = r.sources.get(f.file) ?? '';
      let idx = indexes.get(f.file);
      if (!idx) indexes.set(f.file, (idx = new LineIndex(text)));
      const lineText = idx.lineText(f.range.start.line);
      const line = f.range.start.line + 1;
      const col = idx.displayColumn(f.range.start);
      const style = severityStyle(f.severity);
      out.push(
        `${paint(r.color, 'bold', `${displayPath(f.file, r.cwd)}:${line}:${col}:`)} ${paint(r.color, style, f.code)} ${f.message}`,
      );
      if (text) {
        const gutter = String(line).length;
        const pad = ' '.repeat(gutter);
        // Carets under the first line of the range; a multi-line range runs to
        // the end of its first line.
        const endChar = f.range.end.line === f.range.start.line ? f.range.end.character : lineText.length;
        // Tabs stay tabs so the caret lines up; wide characters (CJK, emoji)
        // take two columns, combining marks none. Most lines are printable
        // ASCII: then no per-character work.
        const plain = !/[^\x20-\x7e]/.test(lineText);
        const from = Math.min(f.range.start.character, lineText.length);
        const { prefix, width } = plain
          ? { prefix: ' '.repeat(from), width: Math.max(1, Math.min(endChar, lineText.length) - from) }
          : caretLayout(lineText, from, Math.min(endChar, lineText.length));
        out.push(`${pad} ${paint(r.color, 'dim', '|')}`);
        out.push(`${paint(r.color, 'dim', `${line} |`)} ${lineText}`);
        out.push(`${pad} ${paint(r.color, 'dim', '|')} ${prefix}${paint(r.color, style, '^'.repeat(width) + ' ' + f.severity)}`);
      }
      for (const fix of f.fixes) {
        const tag = fix.command ? ' (editor command)' : fix.safe ? '' : ' (unsafe)';
        out.push(`  ${paint(r.color, 'cyan', 'help:')} ${fix.title}${tag}`);
      }
      if (r.verbose && f.detail) out.push(`  ${paint(r.color, 'dim', 'detail:')} ${f.detail}`);
      out.push('');
    }
    const counts = countBySeverity(r.findings);
    out.push(summaryLine(counts, r.fixedCount));
    const fixable = r.findings.filter((f) => f.fixes.some((x) => (x.preferred || f.fixes.length === 1) && x.safe && !x.command)).length;
    if (fixable) out.push(`${fixable} fixable with \`--fix\`.`);
    return out.join('\n') + '\n';
  },
};
