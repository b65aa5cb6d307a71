// Which project, and so which config, each file is linted with: the one
// nearest to it (engine/project.ts loadProject), with the command line's
// flags applied on top. Looked up per folder, and cheaply: a folder without
// imagespec-lint.toml, pyproject.toml or .git has its parent's project
// (loadProject would walk up to the same answer), so three names are checked
// per folder instead of a walk to / per folder, and folders the walk already
// listed cost no file-system call at all.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, type Config } from '../engine/config';
import { dataplaneProblem } from '../engine/dataplane';
import { loadProject, type ProjectInfo } from '../engine/project';
import type { CliFlags } from './args';
import type { WalkProject } from '../workspace/files';
import { rules } from './lazy';

/** The rule set's codes: asked only for a code the published list does not know (engine/codes.ts). */
export const ruleCodes = (): string[] => rules().catalog.map((r) => r.code);

const MARKERS = ['imagespec-lint.toml', 'pyproject.toml', '.git'];

/** The selection flags, checked and split (args.ts splitCodes). */
export interface CodeFlags {
  select?: string[];
  extendSelect?: string[];
  ignore?: string[];
}

export class ProjectFinder {
  private readonly projects = new Map<string, ProjectInfo>();
  /** Folders the walk listed, and whether they hold a marker. */
  private readonly listed = new Map<string, boolean>();

  constructor(
    private readonly flags: CliFlags,
    private readonly codes: CodeFlags,
    private readonly io: { cwd: string; env: NodeJS.ProcessEnv },
  ) {}

  /** The walk's listing of a folder (collectFiles onFolder): its markers, without asking the file system again. */
  noteFolder(dir: string, entries: fs.Dirent[]): void {
    this.listed.set(dir, entries.some((e) => MARKERS.includes(e.name)));
  }

  /** The project of files in `dir` (absolute). Throws ConfigError for a bad config. */
  forDir(dir: string): ProjectInfo {
    let p = this.projects.get(dir);
    if (!p) {
      const parent = path.dirname(dir);
      if (parent !== dir && !this.hasMarker(dir)) p = this.forDir(parent);
      else {
        p = loadProject(dir, { configFile: this.flags.config, cwd: this.io.cwd, env: this.io.env, codes: ruleCodes });
        this.applyFlags(p.config);
      }
      this.projects.set(dir, p);
    }
    return p;
  }

  /**
   * A folder's project for the walk (collectFiles projectOf): its root,
   * `exclude` and `specs`. A config that cannot be read is reported when a
   * file of the folder is linted, not here.
   */
  walkProject(dir: string): WalkProject | undefined {
    try {
      const p = this.forDir(dir);
      return { root: p.root, exclude: p.config.exclude, specs: p.config.specs };
    } catch {
      return undefined;
    }
  }

  forFile(file: string): ProjectInfo {
    return this.forDir(path.dirname(path.isAbsolute(file) ? file : path.resolve(this.io.cwd, file)));
  }

  /** The project of a path named on the command line: a folder's own, or a file's. */
  forInput(input: string): ProjectInfo {
    const abs = path.resolve(this.io.cwd, input);
    return isDir(abs) ? this.forDir(abs) : this.forFile(abs);
  }

  private hasMarker(dir: string): boolean {
    return this.listed.get(dir) ?? MARKERS.some((m) => fs.existsSync(path.join(dir, m)));
  }

  private applyFlags(cfg: Config): void {
    const v = this.flags;
    const { select, extendSelect, ignore } = this.codes;
    if (select) cfg.select = select;
    if (extendSelect) cfg.select = [...(cfg.select ?? ['ALL']), ...extendSelect];
    if (ignore) cfg.ignore = [...cfg.ignore, ...ignore];
    if (v['dataplane-region']) {
      cfg.dataplane.region = v['dataplane-region'];
      const dp = dataplaneProblem(cfg.dataplane);
      if (dp) throw new ConfigError('--dataplane-region', undefined, undefined, dp.detail);
    }
    if (v['dataplane-project']) cfg.dataplane.project = v['dataplane-project'];
    if (v.deep) cfg.deep = true;
    if (v['no-deep']) cfg.deep = false;
  }
}

function isDir(abs: string): boolean {
  try {
    return fs.statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

/** Prints a configuration error (file, line, key) and returns exit code 2; rethrows anything else. */
export function configErrorExit(e: unknown, io: { cwd: string; stderr: (s: string) => void }): number {
  if (e instanceof ConfigError) {
    // A flag (--dataplane-region) or a variable ($IMAGESPEC_DATAPLANE_REGION) is named as it is.
    const where = /^(--|\$)/.test(e.file) ? e.file : path.relative(io.cwd, e.file) || e.file;
    io.stderr(`imagespec-lint: invalid configuration: ${where}${e.line ? `:${e.line}` : ''}: ${e.key ? `${e.key}: ` : ''}${e.detail}\n`);
    return 2;
  }
  throw e;
}
