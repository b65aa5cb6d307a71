// The engine decides which codes of a directive went unused (after every
// other rule ran, never for deep codes, on the offline pass only); this file
// says what the finding and its fix are.

import type { SuppressionRule } from '../server/engine/types';

export const rule: SuppressionRule = {
  code: 'IS000',
  name: 'unused-suppression',
  severity: 'warning',
  optIn: true,
  summary: 'A suppression comment that suppresses nothing',
  docs: {
    whatItDoes: 'Reports a `# imagespec: ignore[...]` or `# imagespec: ignore-file[...]` directive, or the codes in one, that suppressed no finding in the file. Opt-in: select `IS000` by its exact code (`ALL` does not include it). Codes of deep rules are never reported: whether a deep finding appears depends on the network, not on the file.',
    why: 'A `# imagespec: ignore[...]` comment that no longer matches any finding hides the next real problem on that line. Select `IS000` to report them; the fix removes the stale directive or the stale codes.',
    example: 'image = ImageSpec(registry="ghcr.io/acme")  # imagespec: ignore[IS301]',
    fixed: 'image = ImageSpec(registry="ghcr.io/acme")',
  },
  fixSafety: { kind: 'safe', note: 'The fix removes the directive, or only its unused codes; nothing else on the line changes.' },
  appliesTo: [],
  checkUnused(s, unused) {
    const all = unused.length === 1 && unused[0] === '*';
    const what = all ? 'this suppression' : unused.join(', ');
    const remaining = s.codes.filter((c) => !unused.includes(c));
    const directive = s.kind === 'file' ? 'ignore-file' : 'ignore';
    const newText = remaining.length ? `# imagespec: ${directive}[${remaining.join(',')}]` : '';
    return {
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
    };
  },
};
