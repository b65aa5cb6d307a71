// The rule pages (docs/rules/ISnnn.md), their index (docs/rules/README.md)
// and the README's rules table, all made from the rules' own metadata: the
// one copy of a rule's docs. `npm run docs` (scripts/docs.js) writes them,
// test/rule-docs.test.ts fails when one on disk differs from what this file
// makes, and `--explain` prints a rule's page. Pure functions of the
// catalog: no file system here.

import type { PredictedFailure, RuleMeta, SdkRange } from '../engine/types';

/** Where the pages live, relative to the repository root. */
export const RULE_PAGES_DIR = 'docs/rules';
const README_START = '<!-- rules-table:start -->';
const README_END = '<!-- rules-table:end -->';

const SEV = { error: 'E', warning: 'W', info: 'I' } as const;
const SEV_WORD = { error: 'error', warning: 'warning', info: 'information' } as const;

/** When a predicted failure surfaces, as a page says it. A new `when` needs a line here (test/rule-docs.test.ts checks). */
export const WHEN: Readonly<Record<string, string>> = {
  import: 'when the module is imported: creating the image fails, so running or registering the workflow stops before anything is built',
  tag: 'when the image tag is computed, as the workflow is run or registered, before any builder runs',
  build: 'when the image is built',
  push: 'when the built image is pushed, after the whole build',
  'task-start': 'when a pod starts the task on the cluster',
};

/** The SDKs a rule may apply to, as a page names them. A new `sdk` needs a line here (test/rule-docs.test.ts checks). */
export const SDK: Readonly<Record<string, { name: string; all: string }>> = {
  flytekit: { name: 'flytekit', all: 'every flytekit release with `ImageSpec`' },
  flyte: { name: 'flyte-sdk (Flyte 2)', all: 'every flyte-sdk release with `flyte.Image`' },
};

/** What an editor command does, and how the CLI runs it, if it does. A new command needs a line here (test/rule-docs.test.ts checks). */
export const COMMANDS: Readonly<Record<string, string>> = {
  'imagespec.createRepository':
    'creates the missing Artifact Registry repository (format DOCKER, in the registry\'s location): a quick fix in an editor, `imagespec-lint --deep --create-missing-repositories` on the command line',
  'imagespec.configureDocker':
    'adds the registry host\'s credential helper to the Docker config, as `gcloud auth configure-docker HOST` does: a quick fix in an editor',
};

const FIX_KIND: Readonly<Record<string, string>> = {
  safe: '**Safe.** `imagespec-lint --fix` applies the fix; editors offer it as a quick fix.',
  unsafe: '**Unsafe.** The fixes are a guess at what you meant: `imagespec-lint --fix --unsafe-fixes` applies them, editors offer them as quick fixes, plain `--fix` leaves them.',
  mixed: '**Sometimes safe.** `imagespec-lint --fix` applies the safe fixes, `--unsafe-fixes` the others; editors offer all of them.',
  none: '**No automatic fix.**',
};

/** The file a rule is defined in (test/catalog.test.ts holds the naming). */
export function ruleFile(r: RuleMeta): string {
  return `rules/${r.code}-${r.name}.ts`;
}

/** The page's path, relative to the repository root. */
export function rulePagePath(code: string): string {
  return `${RULE_PAGES_DIR}/${code.toUpperCase()}.md`;
}

/** What a page needs from a rule's metadata that the metadata lacks: empty when a page can be made. */
export function missingForPage(r: RuleMeta): string[] {
  const out: string[] = [];
  const text = (what: string, v: unknown, min: number) => {
    if (typeof v !== 'string' || v.trim().length < min) out.push(`${r.code}: ${what} is missing or too short`);
  };
  text('summary', r.summary, 10);
  text('docs.whatItDoes', r.docs?.whatItDoes, 40);
  text('docs.why', r.docs?.why, 40);
  text('docs.example', r.docs?.example, 10);
  if (r.docs?.fixed !== undefined) text('docs.fixed', r.docs.fixed, 10);
  if (r.docs?.runtimeError) {
    if (!WHEN[r.docs.runtimeError.when]) out.push(`${r.code}: docs.runtimeError.when "${r.docs.runtimeError.when}" has no wording in server/cli/ruleDocs.ts WHEN`);
    text('docs.runtimeError.error', r.docs.runtimeError.error, 10);
  }
  if (!r.fixSafety || !FIX_KIND[r.fixSafety.kind]) out.push(`${r.code}: fixSafety.kind is missing or unknown`);
  else if (r.fixSafety.kind === 'mixed' && !r.fixSafety.note) out.push(`${r.code}: a mixed fixSafety needs a note saying when a fix is safe`);
  for (const c of r.fixSafety?.commands ?? []) if (!COMMANDS[c]) out.push(`${r.code}: command ${c} has no wording in server/cli/ruleDocs.ts COMMANDS`);
  if (!Array.isArray(r.appliesTo)) out.push(`${r.code}: appliesTo is missing`);
  else {
    if (r.appliesTo.length === 0 && !r.optIn && r.code !== 'IS000') out.push(`${r.code}: appliesTo names no SDK`);
    for (const a of r.appliesTo) if (!SDK[a.sdk]) out.push(`${r.code}: appliesTo sdk "${a.sdk}" has no wording in server/cli/ruleDocs.ts SDK`);
  }
  return out;
}

/** The text ending in a full stop (one already there, also inside closing quotes, stays). */
const sentence = (s: string): string => {
  const t = s.trim();
  return /[.!?][`"']?$/.test(t) ? t : `${t}.`;
};

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function predicted(f: PredictedFailure): string[] {
  return [`Without the linter it surfaces ${sentence(WHEN[f.when] ?? f.when)}`, '', `What you would see: ${sentence(f.error)}`];
}

function applies(a: SdkRange): string {
  const sdk = SDK[a.sdk] ?? { name: String(a.sdk), all: `every ${String(a.sdk)} release` };
  const head = a.since ? `${sdk.name} ${a.since} and later` : capital(sdk.all);
  return `- ${head}${a.note ? `: ${sentence(a.note)}` : '.'}`;
}

function fixSafety(r: RuleMeta): string[] {
  const f = r.fixSafety;
  const out = [FIX_KIND[f.kind] ?? f.kind];
  if (f.note) out[0] += ` ${sentence(f.note)}`;
  for (const c of f.commands ?? []) out.push('', `Command \`${c}\`: ${sentence(COMMANDS[c] ?? c)}`);
  return out;
}

function traits(r: RuleMeta): string[] {
  const t: string[] = [];
  if (r.deep) t.push('A deep rule: it runs with `--deep` (or `deep` in the configuration) and asks the Artifact Registry API.');
  if (r.optIn) t.push(`Opt-in: reported only when \`select\` names \`${r.code}\` (\`ALL\` does not include it).`);
  return t.length ? ['', t.join(' ')] : [];
}

const python = (code: string): string[] => ['```python', code.trimEnd(), '```'];

/**
 * A rule's page as Markdown, without the generated-file marker: what
 * `--explain CODE` prints and SARIF carries as the rule's help.
 */
export function rulePageBody(r: RuleMeta): string {
  const sev = `${SEV_WORD[r.severity]}${r.deep ? ', deep' : ''}${r.optIn ? ', opt-in' : ''}`;
  const out = [`# ${r.code} ${r.name} (${sev})`, '', sentence(r.summary), ...traits(r)];
  out.push('', '## What it does', '', r.docs.whatItDoes.trim());
  out.push('', '## Why it matters', '', r.docs.why.trim());
  if (r.docs.runtimeError) out.push('', '## The error it predicts', '', ...predicted(r.docs.runtimeError));
  out.push('', '## Example', '', ...python(r.docs.example));
  if (r.docs.fixed) out.push('', '## Fixed', '', ...python(r.docs.fixed));
  out.push('', '## Fix safety', '', ...fixSafety(r));
  if (r.configKeys?.length) {
    out.push('', '## Configuration', '', 'Keys of `[tool.imagespec-lint]` (in `pyproject.toml`, or `imagespec-lint.toml`) that change what it reports:', '');
    out.push(...r.configKeys.map((k) => `- \`${k}\``));
  }
  out.push('', '## Applies to', '');
  if (r.appliesTo.length) out.push(...r.appliesTo.map(applies));
  else out.push('- Every release: the rule judges this linter\'s own comments, not anything an SDK does.');
  out.push('', '## Suppressing it', '', `On one line: \`# imagespec: ignore[${r.code}]\`. In a whole file: \`# imagespec: ignore-file[${r.code}]\`. Everywhere: \`ignore = ["${r.code}"]\` in \`[tool.imagespec-lint]\`.`);
  return out.join('\n') + '\n';
}

/** The page as committed: the body after a marker saying where it comes from. */
export function rulePage(r: RuleMeta): string {
  return `<!-- Generated from ${ruleFile(r)} by \`npm run docs\`: edit the rule's metadata, not this page. -->\n\n${rulePageBody(r)}`;
}

const fixWord = (r: RuleMeta): string => ({ safe: 'safe', unsafe: 'unsafe', mixed: 'mixed', none: '' })[r.fixSafety.kind] ?? '';

/** docs/rules/README.md: every rule with a link to its page. */
export function rulesIndex(rules: readonly RuleMeta[]): string {
  const rows = rules.map(
    (r) =>
      `| [${r.code}](${r.code}.md) | ${SEV[r.severity]} | \`${r.name}\` | ${cell(r.summary)}${r.deep ? ' (deep)' : ''}${r.optIn ? ' (opt-in)' : ''} | ${fixWord(r)} |`,
  );
  return [
    '<!-- Generated from the rules\' metadata (rules/index.ts) by `npm run docs`: edit the metadata, not this page. -->',
    '',
    '# Rules',
    '',
    'Every code imagespec-lint reports, with a page each: what the rule reports, why it matters, the error it predicts, an',
    'example and its fix, whether the fix is safe, the configuration it reads and the SDK releases it applies to.',
    '`imagespec-lint --explain CODE` prints the same page; `imagespec-lint --list-rules` lists the codes.',
    '',
    'Severity: E error, W warning, I information. "deep" rules ask the Artifact Registry API (`--deep`); "opt-in" rules',
    'run only when `select` names their code. Fix: "safe" fixes are applied by `--fix`, "unsafe" ones also need',
    '`--unsafe-fixes`, "mixed" rules have both; editors offer every fix.',
    '',
    '| code | sev | name | what | fix |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** The README's rules table (between the rules-table markers). */
export function rulesTableMarkdown(rules: readonly RuleMeta[]): string {
  const rows = rules.map(
    (r) =>
      `| <a id="${r.code.toLowerCase()}"></a>[${r.code}](${rulePagePath(r.code)}) | ${SEV[r.severity]} | \`${r.name}\` | ${cell(r.summary)}${r.deep ? ' (deep)' : ''}${r.optIn ? ' (opt-in)' : ''} |`,
  );
  return ['| code | sev | name | what |', '|---|---|---|---|', ...rows].join('\n');
}

/** The README with its rules table made from `rules`. */
export function readmeWithRulesTable(readme: string, rules: readonly RuleMeta[]): string {
  const a = readme.indexOf(README_START);
  const b = readme.indexOf(README_END);
  if (a === -1 || b === -1 || b < a) throw new Error(`README.md has no ${README_START} ... ${README_END} markers`);
  return readme.slice(0, a + README_START.length) + '\n' + rulesTableMarkdown(rules) + '\n' + readme.slice(b);
}

/**
 * Every generated file, path (relative to the repository root) to content:
 * a page per rule, the index and README.md with its table. `readme` is the
 * README as it is, of which only the table changes.
 */
export function generatedDocs(rules: readonly RuleMeta[], readme: string): Map<string, string> {
  const problems = rules.flatMap(missingForPage);
  if (problems.length) throw new Error(`rule metadata lacks what a page needs:\n${problems.join('\n')}`);
  const out = new Map<string, string>();
  for (const r of rules) out.set(rulePagePath(r.code), rulePage(r));
  out.set(`${RULE_PAGES_DIR}/README.md`, rulesIndex(rules));
  out.set('README.md', readmeWithRulesTable(readme, rules));
  return out;
}

/** A rule page is every `ISnnn.md` in the pages folder: one no rule makes is stale. */
export const isRulePageName = (name: string): boolean => /^IS\d{3}\.md$/.test(name);
