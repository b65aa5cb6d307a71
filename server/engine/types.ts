// Plain data shared by the engine, the rules, the CLI and the language
// server. Nothing here depends on LSP or tree-sitter types.

import type { DeclKind, ImageDecl } from '../model/decl';
import type { LineIndex, Range } from '../model/position';
import type { Config } from './config';
import type { ProjectFs } from './fs';
import type { GarService } from '../gar/service';
import type { DockerConfigInfo } from './dockerConfig';
import type { Suppression } from './suppressions';

import type { Severity } from './severity';

export type { Severity };

export interface TextEdit {
  /** Absolute path of the file to edit; the declaration's file when omitted. */
  file?: string;
  range: Range;
  newText: string;
}

/** A command only an editor, or an explicit CLI flag, runs. */
export interface FixCommand {
  id: 'imagespec.createRepository' | 'imagespec.configureDocker';
  title: string;
  /** JSON-serialisable arguments, passed back verbatim by the client. */
  args: Record<string, unknown>;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** A file to create with the given content (IS401). */
  createFile?: { path: string; content: string };
  command?: FixCommand;
  /** The fix an editor marks as preferred and `--fix` applies. At most one per finding. */
  preferred?: boolean;
  /**
   * Safe fixes keep the user's intent and are applied by `--fix`. Unsafe ones
   * (creating files, guessing a repository name) need `--unsafe-fixes` in the
   * CLI; editors offer every fix.
   */
  safe: boolean;
}

export interface Finding {
  code: string;
  severity: Severity;
  /** Absolute path. */
  file: string;
  range: Range;
  message: string;
  fixes: Fix[];
  /**
   * Raw text behind the message, for --verbose, the JSON report and the
   * language server's log (IS205: what the gRPC client library said); never
   * part of the message.
   */
  detail?: string;
}

/** What a rule returns: the engine fills in code, file and the configured severity. */
export interface RuleFinding {
  range: Range;
  message: string;
  fixes?: Fix[];
  /** Override of the rule's default severity for this finding (IS404 E vs W, IS302 deep W). */
  severity?: Severity;
  /** The file of the finding, when not the declaration's file (rare). */
  file?: string;
  /** Raw text behind the message (Finding.detail). */
  detail?: string;
}

/**
 * A rule's documentation: the one copy, from which --explain, the rule
 * pages, SARIF and the README are made. Markdown throughout.
 */
export interface RuleDocs {
  /** What the rule reports, and when it stays silent (a rule page's "What it does"). */
  whatItDoes: string;
  /** Why it matters, in a few sentences (--explain's "Why"). */
  why: string;
  /** The failure the finding predicts, when there is one. */
  runtimeError?: PredictedFailure;
  /** A Python snippet that triggers the rule. */
  example: string;
  /** The same snippet after the fix, when there is one. */
  fixed?: string;
}

/** When a declaration's problem would surface without the linter, and as what. */
export interface PredictedFailure {
  /**
   * `import`: creating the ImageSpec, so importing the module (pyflyte run and
   * register fail before anything is built); `tag`: computing the image tag
   * (registration); `build`: building the image; `push`: pushing it;
   * `task-start`: a pod starting the task on the cluster.
   */
  when: 'import' | 'tag' | 'build' | 'push' | 'task-start';
  /** What the user would see: the exception and message, or the symptom. */
  error: string;
}

/** How a rule's fixes may be applied. */
export interface FixSafety {
  /**
   * `safe`: every fix keeps the user's intent, `--fix` applies it;
   * `unsafe`: a guess at intent, applied by `--unsafe-fixes` or chosen in an
   * editor; `mixed`: safe only in the cases `note` names; `none`: no text fix.
   */
  kind: 'safe' | 'unsafe' | 'mixed' | 'none';
  /** When a fix is safe or why it is not. */
  note?: string;
  /** Commands offered besides text edits (an editor runs them; the CLI only behind an explicit flag). */
  commands?: FixCommand['id'][];
}

/** The SDK releases whose behaviour a rule predicts. */
export interface SdkRange {
  /** `flytekit` (ImageSpec) or `flyte` (Flyte 2, flyte-sdk). */
  sdk: 'flytekit' | 'flyte';
  /**
   * The first release with the behaviour the rule predicts (the release
   * that contains the SDK commit introducing it); absent when it holds
   * for every release that has ImageSpec (or flyte.Image).
   */
  since?: string;
  /** What changed in `since`, with the flytekit commit. */
  note?: string;
}

/** What a rule sees while it checks one declaration of a file. */
export interface RuleContext {
  config: Config;
  /** Where pyflyte runs; relative paths in specs resolve against it. */
  projectRoot: string;
  /**
   * The folder paths in messages are shown relative to when inside it (the
   * CLI's working directory, the editor's workspace folder); null: absolute.
   * Rules show paths through rules/shared/projectPaths.ts displayPath.
   */
  displayRoot: string | null;
  fs: ProjectFs;
  /** The full text of the declaration's file. */
  text: string;
  /** Line starts of `text`: one index per file linted, shared by every rule and declaration. */
  lines: LineIndex;
  /** Docker client config, read once per run (IS601). */
  dockerConfig(): DockerConfigInfo;
  /** True the first time a key is seen in this run: for once-per-run or once-per-repository findings. */
  once(key: string): boolean;
  /**
   * A fact about the whole file, computed the first time a rule asks for
   * `key` while this file is linted and shared by every declaration after
   * that (asked per declaration, a file with thousands of them would be
   * quadratic).
   */
  perFile<T>(key: string, compute: () => T): T;
}

/** The context of the deep pass: the same, plus the Artifact Registry service (deep checks run only when there is one). */
export interface DeepRuleContext extends RuleContext {
  gar: GarService;
}

/** What the catalog, --list-rules, --explain, SARIF and hover know of a rule. */
export interface RuleMeta {
  code: string;
  /** kebab-case slug, e.g. `gar-repository-missing`. */
  name: string;
  severity: Severity;
  /** One line, shown by --list-rules and in SARIF. */
  summary: string;
  docs: RuleDocs;
  /** Needs the Artifact Registry API. Deep rules run after the offline ones, only when deep checks are on. */
  deep?: boolean;
  /** Config keys the rule reads, for --explain. */
  configKeys?: string[];
  /** How its fixes may be applied. */
  fixSafety: FixSafety;
  /** The SDK releases it applies to. */
  appliesTo: SdkRange[];
  /** Reported only when selected by its exact code (IS000), like ruff's RUF100. */
  optIn?: boolean;
  /**
   * The kinds of declaration the rule checks: the engine calls `check` only
   * for those. Default `['imagespec']`: a rule sees Flyte 2 declarations
   * only when it opts in.
   */
  declKinds?: readonly DeclKind[];
}

/** A deep check: asks Artifact Registry, so it is asynchronous. */
export type DeepCheck = (decl: ImageDecl, ctx: DeepRuleContext) => Promise<RuleFinding[]>;

/** A rule that needs nothing but the text, the config and the file system: synchronous, runs on every lint. */
export interface OfflineRule extends RuleMeta {
  deep?: false;
  check(decl: ImageDecl, ctx: RuleContext): RuleFinding[];
  /**
   * The deep half of an offline rule (IS302: offline I "needs reader access",
   * deep W "has no reader binding"). One code stays one rule: `check` runs in
   * the offline pass, `deepCheck` in the deep pass only (lintDeep, when
   * there is an Artifact Registry service). A deep finding at the same range
   * as an offline finding of the same code supersedes it where the two
   * passes are merged.
   */
  deepCheck?: DeepCheck;
}

/** A rule that only the Artifact Registry API can answer: runs in the deep pass only. */
export interface DeepRule extends RuleMeta {
  deep: true;
  check: DeepCheck;
}

export type Rule = OfflineRule | DeepRule;

/**
 * IS000: computed by the engine from the suppression directives of a file
 * after the other rules ran. The rule builds the finding for one directive
 * and the codes of it that suppressed nothing.
 */
export interface SuppressionRule extends RuleMeta {
  checkUnused(directive: Suppression, unused: string[]): RuleFinding;
  /** A directive naming codes no rule has (a typo, a prefix), each with the code it most likely meant. Optional: without it they are not reported. */
  checkUnknown?(directive: Suppression, unknown: UnknownSuppressionCode[]): RuleFinding;
}

export interface UnknownSuppressionCode {
  code: string;
  /** The code it most likely meant. */
  suggestion?: string;
}

/** What a front end hands the engine: the rules to run. */
export interface RuleSet {
  /** Every rule the engine runs, in code order. */
  rules: readonly Rule[];
  /** Reports directives that suppressed nothing (IS000). */
  unusedSuppression: SuppressionRule;
}
