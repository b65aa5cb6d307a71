// IS000: a `# imagespec: ignore[...]` directive that suppressed nothing.
// Opt-in (select it by its exact code), like ruff's RUF100: stale
// suppressions hide future findings, but reporting them by default would be
// noise for users who never asked.

import type { Config } from '../server/engine/config';
import type { Finding, RuleMeta } from '../server/engine/types';
import { unusedCodes, type Suppression } from '../server/engine/suppressions';

export const rule: RuleMeta = {
  code: 'IS000',
  name: 'unused-suppression',
  severity: 'warning',
  optIn: true,
  summary: 'A suppression comment that suppresses nothing',
  docs: {
    why: 'A `# imagespec: ignore[...]` comment that no longer matches any finding hides the next real problem on that line. Select `IS000` to report them; the fix removes the stale directive or the stale codes.',
    example: 'image = ImageSpec(registry="ghcr.io/acme")  # imagespec: ignore[IS301]',
    fixed: 'image = ImageSpec(registry="ghcr.io/acme")',
  },
};

export function unusedSuppressionFindings(sups: Suppression[], file: string, config: Config, skipCodes: Set<string>): Finding[] {
  const out: Finding[] = [];
  for (const s of sups) {
    const unused = unusedCodes(s).filter((c) => !skipCodes.has(c));
    if (!unused.length) continue;
    const all = unused.length === 1 && unused[0] === '*';
    const what = all ? 'this suppression' : unused.join(', ');
    const remaining = s.codes.filter((c) => !unused.includes(c));
    const directive = s.kind === 'file' ? 'ignore-file' : 'ignore';
    const newText = remaining.length ? `# imagespec: ${directive}[${remaining.join(',')}]` : '';
    out.push({
      code: rule.code,
      severity: config.severity[rule.code] ?? rule.severity,
      file,
      range: s.range,
      message: `Unused suppression: ${what} matches no finding ${s.kind === 'file' ? 'in this file' : 'on this line'}; remove it so it cannot hide a future finding`,
      fixes: [
        {
          title: remaining.length ? `Remove ${unused.join(', ')} from the suppression` : 'Remove the unused suppression',
          edits: [newText ? { range: s.range, newText } : { range: s.removal, newText }],
          preferred: true,
          safe: true,
        },
      ],
    });
  }
  return out;
}
