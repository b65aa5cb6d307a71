// The engine decides which codes of a directive went unused (after every
// other rule ran, never for deep codes, on the offline pass only); this file
// says what the finding and its fix are.

import type { RuleFinding, SuppressionRule } from '../server/engine/types';

export const rule: SuppressionRule = {
  code: 'IS000',
  name: 'unused-suppression',
  severity: 'warning',
  optIn: true,
  summary: 'A suppression comment that suppresses nothing',
  docs: {
    whatItDoes: 'Reports a `# imagespec: ignore[...]` or `# imagespec: ignore-file[...]` directive, or the codes in one, that suppressed no finding in the file. Opt-in: select `IS000` by its exact code (`ALL` does not include it). Codes of deep rules are never reported: whether a deep finding appears depends on the network, not on the file. A code that no rule has (`IS1O1`, a prefix such as `IS6`: a directive names exact codes) can never suppress anything; it is reported whether or not `IS000` is selected, unless `IS000` is ignored or the selection leaves it out. Only real comments are directives: the same text inside a string or docstring is not.',
    why: 'A `# imagespec: ignore[...]` comment that no longer matches any finding hides the next real problem on that line. Select `IS000` to report them; the fix removes the stale directive or the stale codes.',
    example: 'image = ImageSpec(registry="ghcr.io/acme")  # imagespec: ignore[IS301]',
    fixed: 'image = ImageSpec(registry="ghcr.io/acme")',
  },
  fixSafety: { kind: 'safe', note: 'The fix removes the directive, or only its unused codes; nothing else on the line changes.' },
  appliesTo: [],
  checkUnknown(s, unknown) {
    const directive = s.kind === 'file' ? 'ignore-file' : 'ignore';
    const bad = new Set(unknown.map((u) => u.code));
    const without = s.codes.filter((c) => !bad.has(c));
    const replaced = s.codes.map((c) => unknown.find((u) => u.code === c)?.suggestion ?? c);
    const text = (codes: string[]): string => (codes.length ? `# imagespec: ${directive}[${[...new Set(codes)].join(',')}]` : '');
    const fixes: RuleFinding['fixes'] = [];
    const suggested = unknown.filter((u) => u.suggestion);
    if (suggested.length) {
      fixes.push({
        title: `Replace ${suggested.map((u) => `${u.code} with ${u.suggestion}`).join(', ')}`,
        edits: [{ range: s.range, newText: text(replaced.filter((c) => !bad.has(c))) }],
        preferred: true,
        // It starts suppressing findings: the user's call.
        safe: false,
      });
    }
    // Without the unknown codes the directive suppresses exactly what it did.
    // A bare `ignore` would suppress everything: then the directive goes.
    const rest = text(without);
    fixes.push({
      title: without.length ? `Remove ${[...bad].join(', ')} from the suppression` : 'Remove the suppression',
      edits: [rest ? { range: s.range, newText: rest } : { range: s.removal, newText: '' }],
      preferred: !suggested.length,
      safe: true,
    });
    return {
      range: s.range,
      message: `Suppression names ${unknown.map(describeUnknown).join(' and ')}: ${unknown.length === 1 ? 'it suppresses' : 'they suppress'} nothing`,
      fixes,
    };
  },
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

function describeUnknown(u: { code: string; suggestion?: string }): string {
  const mean = u.suggestion ? `; did you mean ${u.suggestion}?` : '';
  // A prefix (`IS6`): flake8 accepts those in noqa, we do not.
  if (/^IS\d{0,2}$/.test(u.code)) return `${u.code}, a prefix (a suppression names exact codes${mean})`;
  return `unknown rule ${u.code}${mean ? ` (did you mean ${u.suggestion}?)` : ''}`;
}
