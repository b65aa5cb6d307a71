// Settings: the project's config file (pyproject.toml [tool.imagespec-lint]
// or imagespec-lint.toml, found as the CLI finds it) overridden by the
// editor's `imagespec` settings. Editors send those three ways and we accept
// all of them: initializationOptions (Neovim 0.7, Helix, Zed),
// workspace/didChangeConfiguration (every client) and, when the client
// advertises it, workspace/configuration (VS Code and most generic clients).

import * as path from 'node:path';
import { isInside as insideFolder } from '../project/workdir';
import ignore, { type Ignore } from 'ignore';
import { ConfigError, defaultConfig, FolderProbe, fromTable, statPart, type Config } from '../engine/config';
import { loadProject, type ProjectInfo } from '../engine/project';
import type { KnownCodes } from '../engine/codes';

/** Keys only the language server reads; the rest are the config file's keys. */
export interface EditorOptions {
  /** Delay before re-linting after a change; 0 lints on the next turn of the event loop (changes that arrive together are linted once). */
  debounceMs: number;
  /** Delay before asking Artifact Registry again after a change. */
  deepDebounceMs: number;
  /** 'auto': pull when the client supports textDocument/diagnostic, push otherwise. */
  diagnosticMode: 'auto' | 'push' | 'pull';
  /** Push mode: lint every file of the workspace folders at startup, not only open ones. */
  lintWorkspace: boolean;
}

export interface EditorSettings {
  options: EditorOptions;
  /** Config keys (`select`, `ignore`, `severity`, `deep`, `dataplane`, `gar`, ...) in the TOML table's shape. */
  overrides: Record<string, unknown>;
}

const OPTION_KEYS = new Set(['debounceMs', 'deepDebounceMs', 'diagnosticMode', 'lintWorkspace', 'trace']);

function defaultSettings(): EditorSettings {
  return { options: { debounceMs: 0, deepDebounceMs: 300, diagnosticMode: 'auto', lintWorkspace: false }, overrides: {} };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The `imagespec` section of whatever the client sent: `{imagespec: {...}}`,
 * `{settings: {imagespec: {...}}}` or the section itself.
 */
function sectionOf(raw: unknown): Record<string, unknown> | undefined {
  if (!isObject(raw)) return undefined;
  if (isObject(raw.imagespec)) return raw.imagespec;
  if (isObject(raw.settings)) return sectionOf(raw.settings) ?? raw.settings;
  return raw;
}

/** Reads a settings section; problems are returned, never thrown. */
export function parseSettings(raw: unknown, problems: string[] = []): EditorSettings {
  const s = defaultSettings();
  const sec = sectionOf(raw);
  if (!sec) return s;
  for (const [k, v] of Object.entries(sec)) {
    if (!OPTION_KEYS.has(k)) {
      s.overrides[k] = v;
      continue;
    }
    switch (k) {
      case 'debounceMs':
      case 'deepDebounceMs':
        if (typeof v === 'number' && v >= 0 && v <= 10_000) s.options[k] = v;
        else problems.push(`imagespec.${k}: expected a number of milliseconds between 0 and 10000`);
        break;
      case 'diagnosticMode':
        if (v === 'auto' || v === 'push' || v === 'pull') s.options.diagnosticMode = v;
        else problems.push('imagespec.diagnosticMode: expected "auto", "push" or "pull"');
        break;
      case 'lintWorkspace':
        if (typeof v === 'boolean') s.options.lintWorkspace = v;
        else problems.push('imagespec.lintWorkspace: expected true or false');
        break;
    }
  }
  return s;
}

export interface ResolvedProject {
  root: string;
  config: Config;
  configFile?: string;
  /** A problem with the config file or the settings; the config falls back to what could be read. */
  error?: string;
  /** Matches paths (relative to root) named by `specs`. */
  specs?: Ignore;
  /** The stat of every config file that decided it (configSignature), when the server checks them itself. */
  signature?: string;
}

/**
 * The config files that decide a folder's project, as a stat signature: each
 * `imagespec-lint.toml` and `pyproject.toml` from the folder up to the one
 * that holds the config (every one findConfigFile looks at), existing or not.
 * A changed, created or deleted file changes it.
 */
export function configSignature(dir: string, configFile?: string, stat: (p: string) => string = statPart): string {
  const stop = configFile ? path.dirname(configFile) : undefined;
  const parts: string[] = [];
  for (let d = dir; ; ) {
    for (const name of ['imagespec-lint.toml', 'pyproject.toml']) parts.push(stat(path.join(d, name)));
    const parent = path.dirname(d);
    if (d === stop || parent === d) break;
    d = parent;
  }
  return parts.join('|');
}

/**
 * Projects by folder. A file's project is found the way the CLI finds it
 * (nearest config file, else git root, else the workspace folder), then the
 * editor's overrides apply. Cached until a config file or the settings change.
 */
export class ProjectConfigs {
  private byDir = new Map<string, ResolvedProject>();
  private settings: EditorSettings = defaultSettings();
  /** Per-scope overrides from workspace/configuration, keyed by folder. */
  private scoped = new Map<string, EditorSettings>();
  /**
   * Check the config files' stat before each lint: on when the client
   * cannot watch files for us (no dynamic registration of
   * workspace/didChangeWatchedFiles: Neovim 0.7).
   */
  private statCheck = false;

  /** `codes`: the rule set's codes, for checking the rule codes a config names. */
  constructor(
    private cwd: () => string,
    private codes?: KnownCodes,
  ) {}

  get options(): EditorOptions {
    return this.settings.options;
  }

  setSettings(s: EditorSettings): void {
    this.settings = s;
    this.byDir.clear();
  }

  setScopedSettings(dir: string, s: EditorSettings | undefined): void {
    if (s) this.scoped.set(dir, s);
    else this.scoped.delete(dir);
    this.byDir.clear();
  }

  invalidate(): void {
    this.byDir.clear();
  }

  /** Turns the stat check on or off (see `statCheck`). */
  checkConfigStat(on: boolean): void {
    this.statCheck = on;
    if (on) this.byDir.clear();
  }

  /**
   * With the stat check on: whether a config file that decides `file`'s
   * project changed since it was read. Then every project is forgotten
   * (another folder may share the file) and true is returned, once.
   */
  configChanged(file: string): boolean {
    if (!this.statCheck) return false;
    const dir = path.dirname(file);
    const p = this.byDir.get(dir);
    if (!p || p.signature === configSignature(dir, p.configFile)) return false;
    this.byDir.clear();
    return true;
  }

  /**
   * `probe`: answers about folders shared by many lookups in a row that the
   * files cannot change in between (one walk of a workspace folder); else
   * the lookup asks the file system afresh.
   */
  forFile(file: string, probe?: FolderProbe): ResolvedProject {
    const dir = path.dirname(file);
    let p = this.byDir.get(dir);
    if (!p) {
      p = this.load(dir, probe ?? new FolderProbe());
      this.byDir.set(dir, p);
    }
    return p;
  }

  /** Every project resolved so far (for closing GAR clients, reporting). */
  all(): ResolvedProject[] {
    return [...this.byDir.values()];
  }

  private load(dir: string, probe: FolderProbe): ResolvedProject {
    let info: ProjectInfo;
    let error: string | undefined;
    try {
      info = loadProject(dir, { cwd: this.cwd(), codes: this.codes, probe });
    } catch (e) {
      error = e instanceof ConfigError ? e.message : String((e as Error)?.message ?? e);
      // A broken config file still has a project root: its folder.
      const file = e instanceof ConfigError ? e.file : undefined;
      info = { root: file ? path.dirname(file) : this.cwd(), config: defaultConfig(), configFile: file };
    }
    let settings = this.settings;
    for (const [scope, s] of this.scoped) if (isInside(dir, scope)) settings = s;
    let config = info.config;
    // Key by key, so one bad setting does not throw the others away.
    for (const [k, v] of Object.entries(settings.overrides)) {
      try {
        config = fromTable({ [k]: v }, 'editor settings', '', 'imagespec.', structuredClone(config), this.codes);
      } catch (e) {
        error = (error ? error + '; ' : '') + (e instanceof Error ? e.message : String(e));
      }
    }
    const specs = config.specs.length ? ignore({ allowRelativePaths: true }).add(config.specs) : undefined;
    const signature = this.statCheck ? configSignature(dir, info.configFile, (f) => probe.stat(f)) : undefined;
    return { root: info.root, config, configFile: info.configFile, error, specs, signature };
  }
}

/** `file` is `dir` or inside it (the project model's test). */
export function isInside(file: string, dir: string): boolean {
  return insideFolder(dir, file);
}

/** Whether a YAML file is an image spec of its project (named by `specs`). */
export function isSpecFile(p: ResolvedProject, file: string): boolean {
  if (!p.specs) return false;
  const r = path.relative(p.root, file);
  if (!r || r.startsWith('..') || path.isAbsolute(r)) return false;
  return p.specs.ignores(r.split(path.sep).join('/'));
}
