// The engine: text -> declarations -> findings. Pure with respect to LSP and
// CLI: both call lintText / lintDeep with a run (createRun, holding the rule
// set they pass in) and render what comes back. The engine knows no rule.

import type { Tree } from 'tree-sitter';
import { declKind, type DeclKind, type ImageDecl } from '../model/decl';
import { LineIndex, type Range } from '../model/position';
import { guardSharedConstants } from './sharedConstants';
import type { Config } from './config';
import type { DeepCheck, DeepRuleContext, Finding, RuleContext, RuleFinding, RuleMeta } from './types';
import { extractDecls } from '../extract';
import { suggestedCode } from './codes';
import { isSuppressed, parseSuppressions, unusedCodes, type Suppression } from './suppressions';
import { isEnabled, sortFindings, type RunState } from './run';

export interface FileResult {
  file: string;
  decls: ImageDecl[];
  findings: Finding[];
  syntaxErrors: Range[];
  tree?: Tree;
  /** The line index of the text, when the lint built one (the language server reuses it for the next edit). */
  lines?: LineIndex;
}

/** The declarations a rule sees unless it says otherwise (RuleMeta.declKinds). */
const DEFAULT_KINDS: readonly DeclKind[] = ['imagespec'];

function ruleContext(run: RunState, text: string, lines: LineIndex): RuleContext {
  const facts = new Map<string, unknown>();
  return {
    config: run.config,
    projectRoot: run.projectRoot,
    displayRoot: run.displayRoot,
    fs: run.fs,
    text,
    lines,
    dockerConfig: run.dockerConfig,
    once: (key) => {
      if (run.onceKeys.has(key)) return false;
      run.onceKeys.add(key);
      return true;
    },
    perFile: <T>(key: string, compute: () => T): T => {
      if (facts.has(key)) return facts.get(key) as T;
      const v = compute();
      facts.set(key, v);
      return v;
    },
  };
}

function toFinding(rule: RuleMeta, file: string, rf: RuleFinding, config: Config): Finding {
  const f: Finding = {
    code: rule.code,
    severity: config.severity[rule.code] ?? rf.severity ?? rule.severity,
    file: rf.file ?? file,
    range: rf.range,
    message: rf.message,
    fixes: rf.fixes ?? [],
  };
  if (rf.detail) f.detail = rf.detail;
  return f;
}

function crash(run: RunState, rule: RuleMeta, file: string, e: unknown): void {
  const message = e instanceof Error ? `${e.message}${e.stack ? `\n${e.stack.split('\n').slice(1, 4).join('\n')}` : ''}` : String(e);
  if (!run.internalErrors.some((x) => x.code === rule.code && x.message === message)) {
    run.internalErrors.push({ code: rule.code, file, message });
  }
}

/**
 * Offline lint of one file's text. `oldTree` (edited) makes re-parsing
 * incremental; `opts.skeleton` parses only what declarations can depend on
 * (server/extract/skeleton.ts), for a caller that keeps no tree (the CLI).
 */
export function lintText(text: string, file: string, run: RunState, oldTree?: Tree, opts?: { skeleton?: boolean }): FileResult {
  const extracted = extractDecls(text, file, oldTree, undefined, opts);
  const { decls, syntaxErrors, tree } = extracted;
  const findings: Finding[] = [];
  let lines = extracted.lines?.text === text ? extracted.lines : undefined;
  if (decls.length === 0 && !text.includes('imagespec')) return { file, decls, findings, syntaxErrors, tree, lines };
  lines ??= new LineIndex(text);
  const ctx = ruleContext(run, text, lines);
  for (const rule of run.ruleSet.rules) {
    if (rule.deep || !isEnabled(rule, run.config)) continue;
    const kinds = rule.declKinds ?? DEFAULT_KINDS;
    for (const decl of decls) {
      if (!kinds.includes(declKind(decl))) continue;
      try {
        for (const rf of rule.check(decl, ctx)) findings.push(toFinding(rule, decl.file, rf, run.config));
      } catch (e) {
        crash(run, rule, file, e);
      }
    }
  }
  return { file, decls, findings: finish(text, file, decls, guardSharedConstants(findings, decls, tree, text), run), syntaxErrors, tree, lines };
}

/** Deep rules for already-extracted declarations; the offline findings are not repeated. */
export async function lintDeep(text: string, file: string, decls: ImageDecl[], run: RunState): Promise<Finding[]> {
  if (!run.gar) return [];
  const ctx: DeepRuleContext = { ...ruleContext(run, text, new LineIndex(text)), gar: run.gar };
  const jobs: Promise<void>[] = [];
  const findings: Finding[] = [];
  for (const rule of run.ruleSet.rules) {
    // Deep rules, and the deep half of offline rules (OfflineRule.deepCheck).
    const check: DeepCheck | undefined = rule.deep ? rule.check : rule.deepCheck;
    if (!check || !isEnabled(rule, run.config)) continue;
    const kinds = rule.declKinds ?? DEFAULT_KINDS;
    for (const decl of decls) {
      if (!kinds.includes(declKind(decl))) continue;
      jobs.push(
        (async () => {
          try {
            for (const rf of await check.call(rule, decl, ctx)) findings.push(toFinding(rule, decl.file, rf, run.config));
          } catch (e) {
            crash(run, rule, file, e);
          }
        })(),
      );
    }
  }
  await Promise.all(jobs);
  return finish(text, file, decls, findings, run, false);
}

/**
 * Drops suppressed findings, adds IS000 when asked (and for codes no rule
 * has, unless IS000 is ignored), and sorts. Unused
 * directives are judged on the offline pass only and never for deep codes:
 * whether a deep finding appears depends on the network, not on the file.
 */
function finish(text: string, file: string, decls: ImageDecl[], findings: Finding[], run: RunState, reportUnusedPass = true): Finding[] {
  const config = run.config;
  const sups = parseSuppressions(text, /\.ya?ml$/i.test(file) ? 'yaml' : 'python');
  let kept = findings;
  if (sups.length) {
    kept = findings.filter((f) => {
      const decl = decls.find((d) => containsLine(d, f.range.start.line));
      const lines = [f.range.start.line];
      if (decl) lines.push(decl.range.start.line, decl.statementLine);
      return !isSuppressed(sups, f.code, lines);
    });
    const unusedRule = run.ruleSet.unusedSuppression;
    const reportUnused = reportUnusedPass && isEnabled(unusedRule, config);
    // Codes no rule has never suppress anything: reported unless IS000 is
    // ignored or left out of the selection, opt-in or not (a typo is not a
    // stale directive).
    const reportUnknown = reportUnusedPass && isEnabled({ ...unusedRule, optIn: false }, config);
    if (reportUnused || reportUnknown) {
      const codes = [unusedRule.code, ...run.ruleSet.rules.map((r) => r.code)];
      const deepCodes = new Set(run.ruleSet.rules.filter((r) => r.deep).map((r) => r.code));
      for (const s of sups) {
        const unknown = s.codes.filter((c) => !codes.includes(c));
        if (unknown.length && reportUnknown && unusedRule.checkUnknown) {
          const list = unknown.map((code) => ({ code, suggestion: suggestedCode(code, codes) }));
          kept.push(toFinding(unusedRule, file, unusedRule.checkUnknown(s, list), config));
        }
        const unused = unusedCodes(s).filter((c) => !deepCodes.has(c) && !unknown.includes(c));
        if (unused.length && reportUnused) kept.push(toFinding(unusedRule, file, unusedRule.checkUnused(s, unused), config)); // may be 100k+: no push(...)
      }
    }
  }
  return sortFindings(kept);
}

function containsLine(d: ImageDecl, line: number): boolean {
  return d.range.start.line <= line && line <= d.range.end.line;
}

/**
 * Merges a file's deep findings into its offline ones. A deep finding
 * supersedes the offline finding of the same code at the same range (a
 * rule's deepCheck refines its offline answer: IS302's W replaces its I,
 * IS103 gains the listed repositories as fixes). The CLI and the language
 * server both merge through here.
 */
export function mergeDeep(offline: Finding[], deep: Finding[]): Finding[] {
  const key = (f: Finding): string => `${f.code}\0${f.file}\0${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
  const superseding = new Set(deep.map(key));
  return sortFindings([...offline.filter((f) => !superseding.has(key(f))), ...deep]);
}

export type { Suppression };
// The run and finding order live in ./run (no parser behind them, so the
// CLI's warm path loads neither the parser nor the rules); re-exported for
// the engine's users.
export { createRun, isEnabled, sortFindings, type InternalError, type RunOptions, type RunState } from './run';
