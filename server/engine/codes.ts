// Which rule codes exist, for checking what a config, a flag or a
// suppression comment names. A typo (`IS999`, `IS1O1`, a prefix that no code
// starts with) must never switch rules off silently, so every name is checked
// against the codes of the rule set.
//
// The rule set (rules/index.ts) is the source of truth. The CLI checks
// configs before it knows whether any file needs the rules (a run served from
// the result cache never loads them), so PUBLISHED_CODES lists the codes
// without loading them; a name it does not know is checked against the rule
// set itself (`more`), so a new rule works before it is added here.
// test/catalog.test.ts keeps every code below in the catalog.

/** Published rule codes (a subset of the rule set's catalog: see the header). */
export const PUBLISHED_CODES: readonly string[] = [
  'IS000',
  'IS101', 'IS102', 'IS103', 'IS104', 'IS105', 'IS106', 'IS107', 'IS108', 'IS109',
  'IS201', 'IS202', 'IS203', 'IS204', 'IS205',
  'IS301', 'IS302',
  'IS401', 'IS402', 'IS403', 'IS404', 'IS405', 'IS407',
  'IS501', 'IS502', 'IS503', 'IS504', 'IS505', 'IS506', 'IS507', 'IS508', 'IS509', 'IS510', 'IS511', 'IS512',
  'IS601',
];

/** Codes that only their exact code selects (`select = ["IS0"]` or `["ALL"]` does not). */
export const OPT_IN_CODES: readonly string[] = ['IS000'];

/** The codes a check knows: the published list, and the rule set's when a name is not in it. */
export type KnownCodes = () => readonly string[];

/** Where a list of codes was named, for the message: `--select`, `select`, a suppression. */
export type CodeUse = 'select' | 'ignore' | 'severity' | 'suppression';

/**
 * Why a name in a selection (`IS301`, a prefix `IS3`, `IS`, `ALL`) names no
 * rule, or undefined when it names one. `use` says where it appears:
 * severities and suppressions take exact codes only.
 */
export function unknownCode(name: string, use: CodeUse, more?: KnownCodes): string | undefined {
  const problem = (codes: readonly string[]): string | undefined => codeProblem(name, use, codes);
  const first = problem(PUBLISHED_CODES);
  if (!first || !more) return first;
  return problem([...new Set([...PUBLISHED_CODES, ...more()])].sort());
}

/** unknownCode against a given list of codes (the engine passes its rule set's). */
export function codeProblem(name: string, use: CodeUse, codes: readonly string[]): string | undefined {
  const c = name.trim().toUpperCase();
  const exactOnly = use === 'severity' || use === 'suppression';
  if (codes.includes(c)) return undefined;
  if (!exactOnly && (c === 'ALL' || c === 'IS')) return undefined;
  if (!exactOnly && /^IS\d{1,2}$/.test(c)) {
    const matching = codes.filter((k) => k.startsWith(c));
    const selectable = use === 'select' ? matching.filter((k) => !OPT_IN_CODES.includes(k)) : matching;
    if (selectable.length) return undefined;
    if (matching.length) return `${c} selects no rule: ${matching.join(', ')} is selected only by its exact code (select "${matching[0]}")`;
    return `unknown rule prefix ${c}: no rule code starts with it`;
  }
  if (/^IS\d{0,2}$/.test(c)) {
    const matching = codes.filter((k) => k.startsWith(c));
    const what = use === 'suppression' ? 'a suppression names exact codes' : 'a severity names an exact code';
    if (matching.length === 1) return `${c} is not a rule code (${what}); did you mean ${matching[0]}?`;
    if (matching.length) return `${c} is not a rule code (${what}, such as ${matching.slice(0, 3).join(', ')}${matching.length > 3 ? ', ...' : ''})`;
    return `unknown rule ${c} (${what})`;
  }
  const near = nearestCode(c, codes);
  return `unknown rule ${c}${near ? `; did you mean ${near}?` : ''}`;
}

/** The one code a bad exact-code name (a suppression's) most likely meant, if any: the nearest code, or the only code a prefix matches. */
export function suggestedCode(name: string, codes: readonly string[]): string | undefined {
  const c = name.trim().toUpperCase();
  if (/^IS\d{0,2}$/.test(c)) {
    const matching = codes.filter((k) => k.startsWith(c));
    return matching.length === 1 ? matching[0] : undefined;
  }
  return nearestCode(c, codes);
}

/** The code closest to a misspelt one (`IS1O1`, `IS999`): fewest edits (at most 3), then nearest number. */
export function nearestCode(bad: string, codes: readonly string[]): string | undefined {
  // A letter O or l typed for a digit.
  const u = bad.toUpperCase();
  const b = u.startsWith('IS') ? 'IS' + u.slice(2).replace(/O/g, '0').replace(/[IL]/g, '1') : u;
  if (codes.includes(b)) return b;
  const num = Number(b.replace(/\D/g, '')) || 0;
  let best: { c: string; d: number; n: number } | undefined;
  for (const c of codes) {
    const d = distance(b, c);
    const n = Math.abs(Number(c.slice(2)) - num);
    if (d <= 3 && (!best || d < best.d || (d === best.d && n < best.n))) best = { c, d, n };
  }
  return best?.c;
}

/** Edit distance (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

