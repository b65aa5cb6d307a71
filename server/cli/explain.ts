// --list-rules and --explain: the catalog as a person reads it in a terminal.
// A rule's page, the index and the README table are made in ruleDocs.ts.

import type { RuleMeta } from '../engine/types';
import { rulePageBody } from './ruleDocs';

const SEV = { error: 'E', warning: 'W', info: 'I' } as const;

export function listRules(rules: RuleMeta[]): string {
  const w = Math.max(...rules.map((r) => r.name.length));
  const lines = rules.map(
    (r) => `${r.code}  ${SEV[r.severity]}  ${r.name.padEnd(w)}  ${r.summary}${r.deep ? ' (deep)' : ''}${r.optIn ? ' (opt-in)' : ''}`,
  );
  return `${lines.join('\n')}\n\nE error, W warning, I information. "deep" rules ask the Artifact Registry API (--deep).\nimagespec-lint --explain CODE prints a rule's documentation.\n`;
}

/** --explain: the rule's page (docs/rules/ISnnn.md) as committed, without its generated-file marker. */
export function explainRule(r: RuleMeta): string {
  return rulePageBody(r);
}
