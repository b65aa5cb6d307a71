// --list-rules and --explain: the catalog as a person reads it in a terminal.

import type { RuleMeta } from '../engine/types';

const SEV = { error: 'E', warning: 'W', info: 'I' } as const;

export function listRules(rules: RuleMeta[]): string {
  const w = Math.max(...rules.map((r) => r.name.length));
  const lines = rules.map(
    (r) => `${r.code}  ${SEV[r.severity]}  ${r.name.padEnd(w)}  ${r.summary}${r.deep ? ' (deep)' : ''}${r.optIn ? ' (opt-in)' : ''}`,
  );
  return `${lines.join('\n')}\n\nE error, W warning, I information. "deep" rules ask the Artifact Registry API (--deep).\nimagespec-lint --explain CODE prints a rule's documentation.\n`;
}

export function explainRule(r: RuleMeta): string {
  const sev = r.severity === 'error' ? 'error' : r.severity === 'warning' ? 'warning' : 'information';
  const out = [`# ${r.code} ${r.name} (${sev}${r.deep ? ', deep' : ''}${r.optIn ? ', opt-in' : ''})`, '', r.summary + '.', '', '## Why', '', r.docs.why, '', '## Example', '', '```python', r.docs.example.trimEnd(), '```'];
  if (r.docs.fixed) out.push('', '## Fixed', '', '```python', r.docs.fixed.trimEnd(), '```');
  if (r.configKeys?.length) out.push('', '## Configuration', '', ...r.configKeys.map((k) => `- \`${k}\``));
  out.push('', `Suppress on one line with \`# imagespec: ignore[${r.code}]\`, or in pyproject.toml with \`ignore = ["${r.code}"]\`.`);
  return out.join('\n') + '\n';
}

/** The README's rules table (between the rules-table markers), generated from the catalog. */
export function rulesTableMarkdown(rules: RuleMeta[]): string {
  const rows = rules.map((r) => `| <a id="${r.code.toLowerCase()}"></a>${r.code} | ${SEV[r.severity]} | \`${r.name}\` | ${r.summary.replace(/\|/g, '\\|')}${r.deep ? ' (deep)' : ''}${r.optIn ? ' (opt-in)' : ''} |`);
  return ['| code | sev | name | what |', '|---|---|---|---|', ...rows].join('\n');
}
