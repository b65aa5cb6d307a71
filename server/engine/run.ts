// A lint run's shared state, which rules are on, and the order findings are
// reported in. Kept apart from lint.ts, which pulls in the parser: a CLI run
// served from the result cache needs this module and not that one (each
// module costs start-up time). The rule set comes from the front end; it
// may hand over a loader instead, called on the first file really linted,
// so that a run served from the cache never loads the rules either.

import type { Config } from './config';
import type { ProjectFs } from './fs';
import type { GarService } from '../gar/service';
import type { DockerConfigInfo } from './dockerConfig';
import type { Finding, RuleMeta, RuleSet } from './types';
import { readDockerConfig } from './dockerConfigFile';
import { compareText } from '../model/compare';

/** State shared by every file of one run (a CLI invocation, an LSP session's lint pass). */
export interface RunState {
  config: Config;
  projectRoot: string;
  /** Paths in messages are shown relative to this folder when inside it; null: always absolute (RunOptions.displayRoot). */
  displayRoot: string | null;
  fs: ProjectFs;
  gar?: GarService;
  /** The rules to run; a loader given to createRun is called on first read. */
  readonly ruleSet: RuleSet;
  onceKeys: Set<string>;
  dockerConfig(): DockerConfigInfo;
  /** Rule crashes, reported once each by the caller; never findings. */
  internalErrors: InternalError[];
}

export interface InternalError {
  code: string;
  file: string;
  message: string;
}

export interface RunOptions {
  config: Config;
  projectRoot: string;
  /**
   * The folder paths in messages are shown relative to, when they are
   * inside it (absolute otherwise): the CLI's working directory (as the
   * findings' files are printed), the language server's workspace folder;
   * null: always absolute. Default: the project root.
   */
  displayRoot?: string | null;
  fs: ProjectFs;
  gar?: GarService;
  /** The rule set, or a function that loads it when the first file is linted. */
  rules: RuleSet | (() => RuleSet);
  /** Docker config override (tests, LSP); read lazily from the environment otherwise. */
  dockerConfig?: () => DockerConfigInfo;
}

export function createRun(o: RunOptions): RunState {
  let docker: DockerConfigInfo | undefined;
  const load = o.rules;
  let rules = typeof load === 'function' ? undefined : load;
  return {
    config: o.config,
    projectRoot: o.projectRoot,
    displayRoot: o.displayRoot === undefined ? o.projectRoot : o.displayRoot,
    fs: o.fs,
    gar: o.gar,
    // Loaded when a file is really linted (see the header).
    get ruleSet(): RuleSet {
      return (rules ??= (load as () => RuleSet)());
    },
    onceKeys: new Set(),
    dockerConfig: o.dockerConfig ?? (() => (docker ??= readDockerConfig())),
    internalErrors: [],
  };
}

function matches(code: string, patterns: string[]): boolean {
  return patterns.some((p) => p === 'ALL' || code.startsWith(p));
}

/** Whether a rule is on under a config's select/ignore. */
export function isEnabled(meta: RuleMeta, config: Config): boolean {
  if (meta.optIn) return !!config.select?.includes(meta.code) && !config.ignore.includes(meta.code);
  if (config.select && !matches(meta.code, config.select)) return false;
  return !matches(meta.code, config.ignore);
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    compareText(a.code, b.code)
  );
}

/** Sorts in place by file, position and code; a list already in order (the CLI's usual case) costs one pass. */
export function sortFindings(f: Finding[]): Finding[] {
  for (let i = 1; i < f.length; i++) if (compareFindings(f[i - 1], f[i]) > 0) return f.sort(compareFindings);
  return f;
}
