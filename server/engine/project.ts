// Where a project starts and which config applies. The project root is
// where pyflyte runs, so relative `requirements`, `copy` and `source_root`
// paths resolve against it: the folder of the nearest config file, else the
// git root, else the current directory.

import * as path from 'node:path';
import { applyEnv, defaultConfig, findConfigFile, FolderProbe, loadConfigFile, type Config } from './config';
import type { KnownCodes } from './codes';

export interface ProjectInfo {
  root: string;
  config: Config;
  /** The config file used, if any. */
  configFile?: string;
}

function findGitRoot(start: string, probe: FolderProbe): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (probe.hasGit(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Loads the project for a path: explicit config file, or the nearest
 * imagespec-lint.toml / pyproject.toml with [tool.imagespec-lint] at or above
 * `start`. Throws ConfigError for a bad config. `codes`: the rule set's
 * codes, asked for a rule code the published list does not know. `probe`:
 * answers about folders remembered across calls (config.ts FolderProbe).
 */
export function loadProject(start: string, opts: { configFile?: string; cwd?: string; env?: NodeJS.ProcessEnv; codes?: KnownCodes; probe?: FolderProbe } = {}): ProjectInfo {
  const cwd = opts.cwd ?? process.cwd();
  // One lookup's answers about folders, unless the caller shares its own across lookups.
  const probe = opts.probe ?? new FolderProbe();
  const configFile = opts.configFile ? path.resolve(cwd, opts.configFile) : findConfigFile(start, probe);
  const config = configFile ? loadConfigFile(configFile, opts.codes) : defaultConfig();
  applyEnv(config, opts.env);
  let root: string;
  if (configFile) root = path.dirname(configFile);
  else {
    let startDir = path.resolve(start);
    if (!probe.isDir(startDir)) startDir = path.dirname(startDir);
    root = findGitRoot(startDir, probe) ?? path.resolve(cwd);
  }
  return { root, config, configFile };
}
