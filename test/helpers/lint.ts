// Test helpers for rule tests: lint a source string inside a throwaway
// project folder with real files, through the real engine and parser.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRun, lintText, type RunState } from '../../server/engine/lint';
import { defaultConfig, fromTable, type Config } from '../../server/engine/config';
import { CachedFs } from '../../server/engine/fs';
import { applyTextEdits } from '../../server/engine/fixes';
import type { DockerConfigInfo } from '../../server/engine/dockerConfig';
import type { Finding, Fix } from '../../server/engine/types';
import type { GarService } from '../../server/gar/service';
import { ruleSet } from '../../rules';
import { tmpDir } from './tmp';

export interface LintOpts {
  /** File name inside the project (default main.py). */
  file?: string;
  /** Extra files to create in the project: relative path -> content (a trailing `/` makes a folder). */
  files?: Record<string, string>;
  /** Config as a TOML-like table: { dataplane: { region: 'us-east1' } }. */
  config?: Record<string, unknown>;
  /** Restrict to these codes (select). */
  select?: string[];
  docker?: DockerConfigInfo;
  gar?: GarService;
}

export interface LintOutcome {
  findings: Finding[];
  dir: string;
  file: string;
  text: string;
  run: RunState;
}

export function tmpProject(files: Record<string, string> = {}): string {
  const dir = tmpDir('isl-');
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    if (rel.endsWith('/')) {
      fs.mkdirSync(p, { recursive: true });
      continue;
    }
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}

/** Writes `text` into a fresh project and prepares a run over it (no lint yet). */
export function projectRun(text: string, opts: LintOpts = {}): { dir: string; file: string; run: RunState } {
  const dir = tmpProject(opts.files);
  const file = path.join(dir, opts.file ?? 'main.py');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  let config: Config = defaultConfig();
  if (opts.config) config = fromTable(opts.config, 'test-config', '', '', config);
  if (opts.select) config.select = opts.select;
  const run = createRun({
    config,
    projectRoot: dir,
    fs: new CachedFs(),
    gar: opts.gar,
    rules: ruleSet,
    dockerConfig: () => opts.docker ?? { path: '/nonexistent/config.json', exists: false, credHelpers: {}, auths: [] },
  });
  return { dir, file, run };
}

export function lintSource(text: string, opts: LintOpts = {}): LintOutcome {
  const { dir, file, run } = projectRun(text, opts);
  const res = lintText(text, file, run);
  return { findings: res.findings, dir, file, text, run };
}

/** Findings of one code. */
export function only(outcome: LintOutcome, code: string): Finding[] {
  return outcome.findings.filter((f) => f.code === code);
}

/** The source text a finding's range covers. */
export function covered(outcome: LintOutcome, f: Finding): string {
  const lines = outcome.text.split('\n');
  const { start, end } = f.range;
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
}

/** The text after applying one fix's edits (single-file fixes). */
export function applyFix(outcome: LintOutcome, fix: Fix): string {
  return applyTextEdits(outcome.text, fix.edits);
}
