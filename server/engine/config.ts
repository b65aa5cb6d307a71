// Configuration: `[tool.imagespec-lint]` in pyproject.toml or a top-level
// table in imagespec-lint.toml, found by walking up from the linted path.
// A bad config is a ConfigError naming file, key and line; callers print it
// and exit 2, never a stack trace.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { Severity } from './severity';
import type { GarConfig } from '../gar/service';
import { unknownCode, type KnownCodes } from './codes';
import { dataplaneProblem } from './dataplane';

export interface DataplaneConfig {
  provider?: string;
  project?: string;
  region?: string;
  nodeServiceAccount?: string;
}


export interface Config {
  /** Codes or prefixes (`IS1`, `IS301`); undefined means all. */
  select?: string[];
  ignore: string[];
  severity: Record<string, Severity>;
  exclude: string[];
  specs: string[];
  deep: 'auto' | boolean;
  dataplane: DataplaneConfig;
  gar: GarConfig;
  /** The folder pyflyte runs in, relative to the project root (`workdir`): pins the working folder. */
  workdir?: string;
  /** The builder flytekit uses when a spec sets none (`builder`): overrides what the dependencies say. */
  builder?: string;
  /** The flytekit release the project runs (`flytekit-version`): an exact release or a PEP 440 range. */
  flytekitVersion?: string;
  /** The flyte (Flyte 2 SDK) release the project runs (`flyte-version`): one release, such as "2.6.5". */
  flyteVersion?: string;
  /** The config file this came from, if any. */
  file?: string;
  /** The folder the config was found in (the project root), if any. */
  dir?: string;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string | undefined,
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${key ? `${key}: ` : ''}${detail}`);
    this.name = 'ConfigError';
  }
}

export function defaultConfig(): Config {
  return {
    ignore: [],
    severity: {},
    exclude: [],
    specs: [],
    deep: 'auto',
    dataplane: {},
    gar: { timeoutMs: 5000, repositories: [] },
  };
}

const SEVERITIES: Record<string, Severity> = {
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  info: 'info',
  information: 'info',
};

/** Finds the nearest config file at or above `start` (a file or a folder); `probe`: answers about folders shared with other lookups. */
export function findConfigFile(start: string, probe = new FolderProbe()): string | undefined {
  let dir = path.resolve(start);
  if (!probe.isDir(dir)) dir = path.dirname(dir);
  for (;;) {
    const own = probe.configIn(dir);
    if (own) return own;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The config file `dir` itself holds: its imagespec-lint.toml, else its pyproject.toml with a [tool.imagespec-lint] table. */
function configIn(dir: string): string | undefined {
  const own = path.join(dir, 'imagespec-lint.toml');
  if (isFile(own)) return own;
  const py = path.join(dir, 'pyproject.toml');
  if (isFile(py) && pyprojectHasSection(py)) return py;
  return undefined;
}

// Without throwing for a missing path: an exception (its stack trace) costs
// ~10x the stat, and most paths asked about do not exist.
function isFile(p: string): boolean {
  try {
    return !!fs.statSync(p, { throwIfNoEntry: false })?.isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return !!fs.statSync(p, { throwIfNoEntry: false })?.isDirectory();
  } catch {
    return false;
  }
}

function pyprojectHasSection(p: string): boolean {
  try {
    return /^\s*\[\s*tool\s*\.\s*["']?imagespec-lint["']?\s*(\.|\])/m.test(fs.readFileSync(p, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Remembered answers to the questions that find a folder's project: which
 * config file a folder holds, whether it holds `.git`, whether a path is a
 * folder, a config name's stat. For a caller that asks about many folders
 * of one tree: the language server's workspace scan asks for each of its
 * folders, and each answer walked up to / with two stats per level (on the
 * bench tree's ~800 folders, ~450 ms of a ~2 s scan). Right only while the
 * files do not change: shared by the lookups of one walk (settings.ts
 * forFile); a lookup without one makes its own.
 */
export class FolderProbe {
  private readonly configs = new Map<string, string | undefined>();
  private readonly gits = new Map<string, boolean>();
  private readonly dirs = new Map<string, boolean>();
  private readonly stats = new Map<string, string>();

  configIn(dir: string): string | undefined {
    if (this.configs.has(dir)) return this.configs.get(dir);
    const c = configIn(dir);
    this.configs.set(dir, c);
    return c;
  }

  hasGit(dir: string): boolean {
    let g = this.gits.get(dir);
    if (g === undefined) this.gits.set(dir, (g = fs.existsSync(path.join(dir, '.git'))));
    return g;
  }

  isDir(p: string): boolean {
    let d = this.dirs.get(p);
    if (d === undefined) this.dirs.set(p, (d = isDirectory(p)));
    return d;
  }

  /** statPart, remembered. */
  stat(p: string): string {
    let s = this.stats.get(p);
    if (s === undefined) this.stats.set(p, (s = statPart(p)));
    return s;
  }
}

/** A config name's part of a project's stat signature: inode, size and mtime, or `-` when it is not there. */
export function statPart(p: string): string {
  try {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    return st ? `${st.ino}:${st.size}:${st.mtimeMs}` : '-';
  } catch {
    return '-';
  }
}

/** Reads and validates a config file. Throws ConfigError on any problem. */
export function loadConfigFile(file: string, codes?: KnownCodes): Config {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, undefined, undefined, `cannot read: ${(e as Error).message}`);
  }
  return parseConfigText(text, file, codes);
}

function parseConfigText(text: string, file: string, codes?: KnownCodes): Config {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    const te = e as TomlError;
    const line = typeof te.line === 'number' ? te.line : undefined;
    const first = String(te.message ?? e).split('\n')[0];
    throw new ConfigError(file, undefined, line, `not valid TOML: ${first}`);
  }
  const isPyproject = path.basename(file) === 'pyproject.toml';
  let table: unknown = doc;
  let prefix = '';
  if (isPyproject) {
    table = (doc.tool as Record<string, unknown> | undefined)?.['imagespec-lint'] ?? {};
    prefix = 'tool.imagespec-lint.';
  }
  const cfg = fromTable(table, file, text, prefix, defaultConfig(), codes);
  cfg.file = file;
  cfg.dir = path.dirname(file);
  return cfg;
}

/**
 * Applies a settings object (TOML table, LSP settings, CLI flags) over a
 * config. Rule codes are checked against the published codes, and against
 * `codes` (the rule set's) for a name those do not know.
 */
export function fromTable(table: unknown, file: string, text: string, prefix: string, base = defaultConfig(), codes?: KnownCodes): Config {
  const cfg = base;
  /** `value`: the offending value, so the line is the value's own in a list spread over lines. */
  const fail = (key: string, detail: string, value?: string): never => {
    throw new ConfigError(file, (prefix + key).replace(/\.$/, ''), lineOfKey(text, key, prefix, value), detail);
  };
  if (table === null || typeof table !== 'object' || Array.isArray(table)) fail('', 'expected a table');
  const t = table as Record<string, unknown>;
  const strList = (key: string, v: unknown): string[] => {
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(key, 'expected a list of strings');
    return v as string[];
  };
  const codeList = (key: string, v: unknown): string[] => {
    const raw = strList(key, v);
    for (const c of raw) {
      const problem = unknownCode(c, key === 'select' ? 'select' : 'ignore', codes);
      if (problem) fail(key, problem, c);
    }
    return raw.map((s) => s.trim().toUpperCase());
  };
  for (const [k, v] of Object.entries(t)) {
    switch (k) {
      case 'select':
        cfg.select = codeList(k, v);
        break;
      case 'ignore':
        cfg.ignore = codeList(k, v);
        break;
      case 'exclude':
        cfg.exclude = strList(k, v);
        break;
      case 'specs':
        cfg.specs = strList(k, v);
        break;
      case 'severity': {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(k, 'expected a table like { IS301 = "error" }');
        for (const [code, sev] of Object.entries(v as Record<string, unknown>)) {
          const s = typeof sev === 'string' ? SEVERITIES[sev.toLowerCase()] : undefined;
          const problem = unknownCode(code, 'severity', codes);
          if (problem) fail(`${k}.${code}`, problem);
          if (!s) fail(`${k}.${code}`, `expected "error", "warning" or "info", got ${JSON.stringify(sev)}`, typeof sev === 'string' ? sev : undefined);
          cfg.severity[code.toUpperCase()] = s as Severity;
        }
        break;
      }
      case 'deep':
        if (v === true || v === false || v === 'auto') cfg.deep = v;
        else if (v === 'true' || v === 'false') cfg.deep = v === 'true';
        else fail(k, `expected "auto", true or false, got ${JSON.stringify(v)}`);
        break;
      case 'dataplane': {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(k, 'expected a table');
        for (const [dk, dv] of Object.entries(v as Record<string, unknown>)) {
          if (typeof dv !== 'string') fail(`${k}.${dk}`, 'expected a string');
          const s = dv as string;
          switch (dk) {
            case 'provider':
              cfg.dataplane.provider = s;
              break;
            case 'project':
              cfg.dataplane.project = s;
              break;
            case 'region':
              cfg.dataplane.region = s;
              break;
            case 'node-service-account':
            case 'node_service_account':
            case 'nodeServiceAccount':
              cfg.dataplane.nodeServiceAccount = s;
              break;
            default:
              fail(`${k}.${dk}`, 'unknown key (known: provider, project, region, node-service-account)');
          }
        }
        const dp = dataplaneProblem(cfg.dataplane);
        if (dp) fail(`${k}.${dp.key}`, dp.detail, dp.key === 'provider' ? cfg.dataplane.provider : cfg.dataplane.region);
        break;
      }
      case 'gar': {
        if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(k, 'expected a table');
        for (const [gk, gv] of Object.entries(v as Record<string, unknown>)) {
          switch (gk) {
            case 'endpoint':
              if (typeof gv !== 'string' || !gv.trim()) fail(`${k}.${gk}`, 'expected a non-empty string');
              cfg.gar.endpoint = (gv as string).trim();
              break;
            case 'timeout':
            case 'timeout-ms':
            case 'timeoutMs': {
              // `timeout` is seconds (5, 0.5); `timeout-ms` milliseconds.
              if (typeof gv !== 'number' || !(gv > 0)) fail(`${k}.${gk}`, 'expected a positive number');
              cfg.gar.timeoutMs = gk === 'timeout' ? Math.round((gv as number) * 1000) : Math.round(gv as number);
              break;
            }
            case 'repositories':
              cfg.gar.repositories = strList(`${k}.${gk}`, gv);
              break;
            default:
              fail(`${k}.${gk}`, 'unknown key (known: endpoint, timeout, repositories)');
          }
        }
        break;
      }
      case 'workdir': {
        if (typeof v !== 'string' || v.trim() === '') fail(k, 'expected a folder relative to the project root, such as "examples/etl"');
        const w = (v as string).trim();
        if (path.isAbsolute(w) || w.split(/[\\/]/).includes('..')) fail(k, `expected a folder inside the project root, relative to it, got ${JSON.stringify(w)}`);
        cfg.workdir = w;
        break;
      }
      case 'builder':
        if (typeof v !== 'string' || v.trim() === '') fail(k, 'expected a builder name, such as "default", "envd" or "union"');
        cfg.builder = (v as string).trim();
        break;
      case 'flytekit-version':
      case 'flytekit_version':
      case 'flytekitVersion':
        if (typeof v !== 'string' || !/^\s*(?:[<>=!~]=?\s*)?v?\d+(?:\.\d+){0,2}(?:\.\*)?\s*(?:,\s*[<>=!~]=?\s*v?\d+(?:\.\d+){0,2}(?:\.\*)?\s*)*$/.test(v)) {
          fail(k, `expected a flytekit release such as "1.15.3" or a range such as ">=1.14,<1.16", got ${JSON.stringify(v)}`);
        }
        cfg.flytekitVersion = (v as string).trim();
        break;
      case 'flyte-version':
      case 'flyte_version':
      case 'flyteVersion':
        if (typeof v !== 'string' || !/^\s*(?:==\s*)?v?\d+\.\d+(?:\.\d+)?(?:[.-]?(?:a|b|rc|dev|post)\d*)*\s*$/.test(v)) {
          fail(k, `expected a flyte release such as "2.6.5", got ${JSON.stringify(v)}`);
        }
        cfg.flyteVersion = (v as string).trim().replace(/^==\s*/, '');
        break;
      default:
        fail(k, 'unknown key (known: select, ignore, severity, exclude, specs, deep, dataplane, gar, workdir, builder, flytekit-version, flyte-version)');
    }
  }
  return cfg;
}

/**
 * Best-effort line (1-based) of a key in TOML text, for messages. `key` is
 * dotted below the tool's table (`severity.IS301`, `dataplane.region`),
 * written as a section (`[tool.imagespec-lint.dataplane]`), an inline table
 * (`severity = { IS301 = "x" }`) or a dotted key; each part is looked for
 * after the one before, starting at the tool's own table. With `value`, the
 * line of that value after the key (an item of a list spread over lines).
 */
export function lineOfKey(text: string, key: string, prefix = '', value?: string): number | undefined {
  if (!text || !key) return undefined;
  const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  let pos = 0;
  if (prefix) {
    const table = prefix.replace(/\.$/, '').split('.').map((p) => `["']?${esc(p)}["']?`).join('\\s*\\.\\s*');
    const head = new RegExp(`^\\s*\\[\\s*${table}\\s*[.\\]]`, 'm').exec(text);
    if (head) pos = head.index;
  }
  let found: number | undefined;
  for (const part of key.split('.')) {
    // As a key (`part =`, `part.x =`, `{ part =`) or in a section header (`[... .part]`).
    const re = new RegExp(`(^|[\\s{,.])["']?${esc(part)}["']?\\s*(=|\\.|\\])`, 'gm');
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) break;
    found = m.index + m[1].length;
    pos = found + m[0].length - m[1].length;
  }
  if (found === undefined) return undefined;
  if (value !== undefined) {
    const v = new RegExp(`["']${esc(value)}["']`, 'g');
    v.lastIndex = pos;
    const m = v.exec(text);
    // Only within the key's own value: before the next key or section.
    if (m && !/\n\s*(\[|[\w"'-]+\s*=)/.test(text.slice(pos, m.index))) found = m.index;
  }
  return text.slice(0, found).split('\n').length;
}

/** Environment overrides that apply wherever no flag says otherwise. */
export function applyEnv(cfg: Config, env: NodeJS.ProcessEnv = process.env): Config {
  if (env.IMAGESPEC_DATAPLANE_REGION) {
    cfg.dataplane.region = env.IMAGESPEC_DATAPLANE_REGION;
    const dp = dataplaneProblem(cfg.dataplane);
    if (dp) throw new ConfigError('$IMAGESPEC_DATAPLANE_REGION', undefined, undefined, dp.detail);
  }
  if (env.IMAGESPEC_DATAPLANE_PROJECT) cfg.dataplane.project = env.IMAGESPEC_DATAPLANE_PROJECT;
  return cfg;
}
