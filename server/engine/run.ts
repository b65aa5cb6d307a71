// A lint run's shared state, which rules are on, and the order findings are
// reported in. Kept apart from lint.ts, which pulls in the parser and every
// rule: a CLI run served from the result cache needs this module and not
// those (each costs start-up time), so the rules load on first use.

import type { Config } from './config';
import type { ProjectFs } from './fs';
import type { GarService } from '../gar/service';
import type { DockerConfigInfo } from './dockerConfig';
import type { Finding, Rule, RuleMeta } from './types';
import { readDockerConfig } from './dockerConfigFile';
import { compareText } from '../model/compare';

/** State shared by every file of one run (a CLI invocation, an LSP session's lint pass). */
export interface RunState {
  config: Config;
  projectRoot: string;
  fs: ProjectFs;
  gar?: GarService;
  rules: Rule[];
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
  fs: ProjectFs;
  gar?: GarService;
  rules?: Rule[];
  /** Docker config override (tests, LSP); read lazily from the environment otherwise. */
  dockerConfig?: () => DockerConfigInfo;
}

// The default rule set, registered by lint.ts when it loads (it imports the
// rules; this module must not). Whatever lints a file has loaded lint.ts.
let defaultRules: (() => Rule[]) | undefined;

export function registerDefaultRules(load: () => Rule[]): void {
  defaultRules = load;
}

export function createRun(o: RunOptions): RunState {
  let docker: DockerConfigInfo | undefined;
  let rules = o.rules;
  return {
    config: o.config,
    projectRoot: o.projectRoot,
    fs: o.fs,
    gar: o.gar,
    // Loaded when a file is really linted (see the header).
    get rules(): Rule[] {
      if (!rules) {
        if (!defaultRules) throw new Error('no rule set: load server/engine/lint before linting');
        rules = defaultRules();
      }
      return rules;
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

