// Which files a run lints: the paths given to the CLI, the folders of the
// language server's workspace scan. Folders are walked honouring .gitignore
// files (each folder's own, like git), the config's `exclude` patterns and a
// few folders no one wants linted; files named on the command line are
// always linted (unless --force-exclude). YAML files found by walking are linted
// only when the config's `specs` globs name them. Symbolic links to folders
// are not followed, so link loops cannot trap the walk.

import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Folders skipped everywhere, as ruff does: tool caches, virtualenvs, VCS data. */
const ALWAYS_SKIP = new Set([
  '.git',
  '.hg',
  '.svn',
  '.venv',
  'venv',
  '.tox',
  '.nox',
  '__pycache__',
  'node_modules',
  '.mypy_cache',
  '.ruff_cache',
  '.pytest_cache',
  'site-packages',
  '__pypackages__',
]);

export interface WalkOptions {
  /** Project root: `exclude` and `specs` patterns are relative to it. */
  root: string;
  exclude: string[];
  specs: string[];
  /** Apply `exclude` and `specs` to files named explicitly too (--force-exclude). */
  forceExclude?: boolean;
  /** Called for folders that cannot be read (reported, not fatal). */
  onNote?: (note: string) => void;
  /** How a note shows a path (the CLI: relative to its working directory when inside it); default absolute. */
  show?: (abs: string) => string;
  /** Called with each folder's entries as it is read (the CLI finds project markers in them without more file-system calls). */
  onFolder?: (dir: string, entries: fs.Dirent[]) => void;
  /**
   * The project of a folder the walk enters, when it has its own (a nested
   * `svc/pyproject.toml` below the walk's start): its `exclude` and `specs`
   * apply below it, relative to its root, besides the outer project's.
   * Undefined: the folder belongs to the project above it.
   */
  projectOf?: (dir: string) => WalkProject | undefined;
}

/** A project's walk settings: its root and the patterns relative to it. */
export interface WalkProject {
  root: string;
  exclude: string[];
  specs: string[];
}

/** Each project the walk is inside, outermost first, with its matchers. */
interface Scope {
  root: string;
  exclude?: Ignore;
  specs?: Ignore;
}

export interface WalkResult {
  files: string[];
  /** Paths given on the command line that do not exist. */
  missing: string[];
}

function matcher(patterns: string[]): Ignore | undefined {
  return patterns.length ? indexByLastChar(ignore({ allowRelativePaths: true }).add(patterns)) : undefined;
}

/** A rule of the `ignore` package, as far as indexByLastChar reads it. */
interface IgnoreRule {
  body?: unknown;
  negative?: unknown;
  regex?: unknown;
}

type TestResult = { ignored: boolean; unignored: boolean; rule?: IgnoreRule };

/**
 * The `ignore` package tests a path against the rules of a .gitignore last
 * to first until one matches: for a path no rule ignores (nearly every path
 * a walk meets), every rule's regular expression, 50 to 100 of them for the
 * Python template .gitignore most repositories carry. That was the largest
 * part of a warm run's walk. Each rule's expression (in the mode `ignores`
 * uses) is anchored at the path's end, `(?=$|\/$)` or `\/$`, so a rule whose
 * pattern ends in a literal character, or a bracket of letters and digits,
 * can only match a path that ends (before a folder's trailing slash) in one
 * of them. The rules are indexed once by that character, and a path is
 * tested against the rules that can match it only, in the package's order:
 * the last rule that matches, hence the answer, is the one the package
 * finds. A rule whose expression is not anchored so, or whose last
 * character could be anything (`*`, `?`, an escape, a range), is tested for
 * every path; anything unexpected in the package's internals leaves it as it
 * is (test/walk-ignore-index.test.ts compares the two on random rules and paths).
 */
export function indexByLastChar(ig: Ignore): Ignore {
  const manager = (ig as unknown as { _rules?: { _rules?: unknown; test?: unknown } })._rules;
  if (!manager || typeof manager.test !== 'function' || !Array.isArray(manager._rules)) return ig;
  const rules = manager._rules as IgnoreRule[];
  const always: number[] = [];
  const byChar = new Map<string, number[]>();
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    if (typeof r.body !== 'string' || typeof r.negative !== 'boolean' || !(r.regex instanceof RegExp)) return ig;
    const last = r.regex.source.endsWith('(?=$|\\/$)') || r.regex.source.endsWith('\\/$') ? lastChars(r.body) : undefined;
    if (!last) always.push(i);
    else for (const c of last) byChar.set(c, [...(byChar.get(c) ?? []), i]);
  }
  // Each character's rules in the package's order, with the rules tested for every path.
  const lists = new Map<string, IgnoreRule[]>();
  for (const [c, ids] of byChar) lists.set(c, [...ids, ...always].sort((a, b) => a - b).map((i) => rules[i]));
  const alwaysRules = always.map((i) => rules[i]);
  const original = manager.test as (this: unknown, path: string, mode: string) => TestResult;
  manager.test = function (this: unknown, p: string, mode: string): TestResult {
    const end = p.endsWith('/') ? p.length - 2 : p.length - 1;
    const code = p.charCodeAt(end);
    // Only the expressions of `ignores` are anchored so; a path ending in a non-ASCII character takes every rule.
    if (mode !== 'regex' || !(code < 0x80)) return original.call(this, p, mode);
    const list = lists.get(String.fromCharCode(code).toLowerCase()) ?? alwaysRules;
    for (let i = list.length - 1; i >= 0; i--) {
      const rule = list[i];
      if ((rule.regex as RegExp).test(p)) return rule.negative ? { ignored: false, unignored: true } : { ignored: true, unignored: false, rule };
    }
    return { ignored: false, unignored: false };
  };
  return ig;
}

/**
 * The characters a path matching a gitignore pattern can end with (lower
 * case), or undefined when that could be any: the pattern's last character
 * (a folder pattern's trailing slash aside) when it is a letter, digit,
 * `.`, `_` or `-` not escaped, or the letters and digits of a final bracket.
 */
function lastChars(body: string): string[] | undefined {
  const b = body.endsWith('/') ? body.slice(0, -1) : body;
  const n = b.length;
  if (n === 0) return undefined;
  const c = b[n - 1];
  if (/[A-Za-z0-9._-]/.test(c)) return n >= 2 && b[n - 2] === '\\' ? undefined : [c.toLowerCase()];
  if (c !== ']') return undefined;
  const m = /(^|[^\\])\[([A-Za-z0-9]+)\]$/.exec(b);
  return m ? [...new Set(m[2].toLowerCase())] : undefined;
}

function rel(root: string, p: string): string | undefined {
  const r = path.relative(root, p);
  if (!r || r.startsWith('..') || path.isAbsolute(r)) return undefined;
  return r.split(path.sep).join('/');
}

function toSlashes(r: string): string {
  return path.sep === '/' ? r : r.split(path.sep).join('/');
}

function isPython(name: string): boolean {
  return name.endsWith('.py') || name.endsWith('.pyi');
}

function isYaml(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml');
}

export function collectFiles(inputs: string[], opts: WalkOptions): WalkResult {
  const outer: Scope[] = [{ root: opts.root, exclude: matcher(opts.exclude), specs: matcher(opts.specs) }];
  const out = new Set<string>();
  const missing: string[] = [];

  // A spec when a project it is in names it; excluded when any excludes it.
  const isSpec = (abs: string, scopes: Scope[] = outer): boolean =>
    scopes.some((s) => {
      if (!s.specs) return false;
      const r = rel(s.root, abs);
      return !!r && s.specs.ignores(r);
    });
  const isExcluded = (abs: string, dir: boolean, scopes: Scope[] = outer): boolean =>
    scopes.some((s) => {
      if (!s.exclude) return false;
      const r = rel(s.root, abs);
      return !!r && s.exclude.ignores(dir ? r + '/' : r);
    });
  const seen = new Map<string, Scope>();
  /** The scopes inside `dir`: a nested project's joins the chain. */
  const scopesIn = (dir: string, scopes: Scope[]): Scope[] => {
    const p = opts.projectOf?.(dir);
    if (!p || scopes.some((s) => s.root === p.root)) return scopes;
    let s = seen.get(p.root);
    if (!s) seen.set(p.root, (s = { root: p.root, exclude: matcher(p.exclude), specs: matcher(p.specs) }));
    return [...scopes, s];
  };

  for (const input of inputs) {
    const abs = path.resolve(input);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      missing.push(input);
      continue;
    }
    if (st.isFile()) {
      // Named explicitly: linted even if excluded, as ruff does without
      // --force-exclude. With it (pre-commit names every staged file), a
      // named file obeys `exclude`, and a YAML file must match `specs`.
      if (opts.forceExclude && (isExcluded(abs, false) || (isYaml(abs) && !isSpec(abs)))) continue;
      if (isPython(abs) || isYaml(abs)) out.add(abs);
      continue;
    }
    if (!st.isDirectory()) continue;
    const stack: { dir: string; rules: { base: string; ig: Ignore }[]; scopes: Scope[] }[] = [{ dir: abs, rules: parentIgnores(abs, opts.root), scopes: outer }];
    while (stack.length) {
      const { dir, rules, scopes: above } = stack.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        opts.onNote?.(`cannot read folder ${opts.show ? opts.show(dir) : dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        continue;
      }
      opts.onFolder?.(dir, entries);
      const scopes = opts.projectOf ? scopesIn(dir, above) : above;
      let here = rules;
      if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
        const ig = readIgnore(path.join(dir, '.gitignore'));
        if (ig) here = [...rules, { base: dir, ig }];
      }
      // The hot loop of a big tree (thousands of entries): paths by
      // concatenation (path.join normalises, ~10x the cost), and no
      // ignore-rule work at all when no rule applies.
      const filtered = here.length > 0 || scopes.some((s) => !!s.exclude);
      const hasSpecs = scopes.some((s) => !!s.specs);
      const ignored = (p: string, isDir: boolean): boolean => {
        for (const { base, ig } of here) {
          // `p` is below `base` (a folder of this walk or above its start): its relative path by slicing, not path.relative.
          const r = p.length > base.length + 1 && p.startsWith(base) && p[base.length] === path.sep ? toSlashes(p.slice(base.length + 1)) : rel(base, p);
          if (r && ig.ignores(isDir ? r + '/' : r)) return true;
        }
        return false;
      };
      const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
      const subdirs: string[] = [];
      for (const e of entries) {
        const name = e.name;
        if (e.isDirectory()) {
          if (ALWAYS_SKIP.has(name)) continue;
          const p = prefix + name;
          if (filtered && (ignored(p, true) || isExcluded(p, true, scopes))) continue;
          subdirs.push(p);
        } else {
          const py = isPython(name);
          if (!py && !(hasSpecs && isYaml(name))) continue;
          const p = prefix + name;
          if (!(e.isFile() || (e.isSymbolicLink() && isFileLink(p)))) continue;
          if (!py && !isSpec(p, scopes)) continue;
          if (filtered && (ignored(p, false) || isExcluded(p, false, scopes))) continue;
          out.add(p);
        }
      }
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push({ dir: subdirs[i], rules: here, scopes });
    }
  }
  return { files: [...out].sort(), missing };
}

function isFileLink(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function readIgnore(file: string): Ignore | undefined {
  try {
    return indexByLastChar(ignore({ allowRelativePaths: true }).add(fs.readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

/** .gitignore files above the walk's start, up to the git root or project root. */
function parentIgnores(start: string, root: string): { base: string; ig: Ignore }[] {
  const out: { base: string; ig: Ignore }[] = [];
  let dir = path.dirname(start);
  const stop = path.resolve(root);
  if (!start.startsWith(stop + path.sep)) return out;
  for (;;) {
    const ig = fs.existsSync(path.join(dir, '.gitignore')) ? readIgnore(path.join(dir, '.gitignore')) : undefined;
    if (ig) out.unshift({ base: dir, ig });
    if (dir === stop || fs.existsSync(path.join(dir, '.git'))) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}
