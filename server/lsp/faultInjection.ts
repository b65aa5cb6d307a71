// For tests only: IMAGESPEC_LS_FAULT_RULE=IS501 makes that rule throw on
// every declaration, so that test/lsp/reliability.test.ts can prove the
// server survives a crashing rule and reports it once. Without the
// variable the rule set is passed through untouched.

import type { Rule, RuleSet } from '../engine/types';

export function withInjectedFault(ruleSet: RuleSet, env: NodeJS.ProcessEnv): RuleSet {
  const code = env.IMAGESPEC_LS_FAULT_RULE?.trim().toUpperCase();
  if (!code) return ruleSet;
  const fault = (): never => {
    throw new Error(`injected fault in ${code} (IMAGESPEC_LS_FAULT_RULE)`);
  };
  return { ...ruleSet, rules: ruleSet.rules.map((r): Rule => (r.code === code ? { ...r, check: fault } : r)) };
}
