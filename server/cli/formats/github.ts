// `--output-format github`: GitHub Actions workflow commands, one per
// finding, which the runner turns into annotations on the pull request:
//
//   ::error file=app/images.py,line=3,col=12,endLine=3,endColumn=40,title=IS103::message
//
// error → `::error`, warning → `::warning`, info → `::notice`. Escaping
// follows the runner's rules (actions/toolkit's command.ts): in the message
// `%`, `\r` and `\n` become `%25`, `%0D`, `%0A`; in property values `:` and
// `,` are escaped too (`%3A`, `%2C`), since they delimit the command.

import type { Severity } from '../../engine/types';
import type { Formatter, Report } from './types';
import { Locator, portablePath } from './shared';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const github: Formatter = {
  name: 'github',
  description: 'GitHub Actions annotations (::error file=...::message)',
  render(r: Report): string {
    const loc = new Locator(r.sources);
    const out: string[] = [];
    for (const f of r.findings) {
      const l = loc.locate(f.file, f.range);
      const props: [string, string | number][] = [
        ['file', portablePath(f.file, r.cwd)],
        ['line', l.line],
        ['col', l.column],
        ['endLine', l.endLine],
        ['endColumn', l.endColumn],
        ['title', f.code],
      ];
      const p = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
      out.push(`::${COMMAND[f.severity]} ${p}::${escapeData(f.message)}`);
    }
    return out.length ? out.join('\n') + '\n' : '';
  },
};
