// What a project installs, read from the files that say so, in the folders
// from the linted file's own folder up to the project root: pyproject.toml
// (`[project]` dependencies and optional groups, `[dependency-groups]`,
// `[tool.poetry.*dependencies]`, `[tool.uv] dev-dependencies`), `uv.lock`,
// `poetry.lock`, `requirements*.txt` (strictly that glob:
// `dev-requirements.txt` or `docs_requirements.txt` describe another
// environment), a `.venv`'s installed distributions, and the linted
// module's own inline script metadata (PEP 723, `# /// script`). The effective
// builder (builder.ts) and the pinned flytekit (flytekitVersion.ts) are
// decided from these facts.

import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { FsView } from './fsView';

/** How a dependency file knows a package. */
export type DependencyKind = 'installed' | 'locked' | 'declared';

export interface Dependency {
  /** PEP 503 normalised: lowercase, runs of `-_.` as `-`. */
  name: string;
  /** The PEP 440 specifier (`==1.14.6`, `>=1.13,<1.16`, '' for none); for installed and locked packages `==VERSION`. */
  spec: string;
  /** Installed from a path or URL (`-e ../flytekit`, `flytekit @ git+...`, poetry `path =`): the version cannot be read. */
  direct?: boolean;
  kind: DependencyKind;
  /** The file (or, for a .venv, the dist-info folder) that says so. Absolute. */
  file: string;
}

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** `requirements*.txt`, as the glob says (not `dev-requirements.txt`, not `requirements.in`). */
export function isRequirementsTxt(name: string): boolean {
  return /^requirements[^/]*\.txt$/i.test(name);
}

// Parsed files, keyed by path and checked against the text the run's file
// system returns: a changed file is parsed again, an unchanged one never.
const PARSED = new Map<string, { text: string; deps: Dependency[] }>();
const PARSED_LIMIT = 512;

function parsedFile(fs: FsView, abs: string, parse: (text: string, abs: string) => Dependency[]): Dependency[] {
  const text = fs.readText(abs);
  if (text === undefined) return [];
  const hit = PARSED.get(abs);
  if (hit && hit.text === text) return hit.deps;
  let deps: Dependency[];
  try {
    deps = parse(text, abs);
  } catch {
    // A file we cannot read as its format says nothing (never a crash).
    deps = [];
  }
  if (PARSED.size >= PARSED_LIMIT) PARSED.delete(PARSED.keys().next().value as string);
  PARSED.set(abs, { text, deps });
  return deps;
}

const REQ_LINE = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/;

/** One PEP 508 requirement (`flytekit[extra]>=1.13; python_version>"3.9"`, `union @ https://...`). */
export function parseRequirement(text: string, kind: DependencyKind, file: string): Dependency | undefined {
  const noMarker = text.split(';')[0].trim();
  const m = REQ_LINE.exec(noMarker);
  if (!m) return undefined;
  const rest = m[3].trim();
  if (rest.startsWith('@')) return { name: normalizeName(m[1]), spec: '', direct: true, kind, file };
  const spec = rest.replace(/^\(|\)$/g, '').replace(/\s+/g, '');
  return { name: normalizeName(m[1]), spec, kind, file };
}

function parseRequirementsTxt(text: string, file: string): Dependency[] {
  const out: Dependency[] = [];
  // Backslash continuations join lines, as pip reads them.
  for (const raw of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    if (line.startsWith('-e ') || line.startsWith('--editable')) {
      // An editable install: the name, when it shows (`-e ./flytekit`, `-e git+...#egg=flytekit`), has no version we can read.
      const egg = /#egg=([A-Za-z0-9._-]+)/.exec(line);
      const tail = line.replace(/^(-e|--editable)[=\s]+/, '');
      const name = egg ? egg[1] : path.basename(tail.replace(/[\\/]+$/, '').replace(/\[.*$/, ''));
      if (name) out.push({ name: normalizeName(name), spec: '', direct: true, kind: 'declared', file });
      continue;
    }
    if (line.startsWith('-')) continue; // -r, -c, --index-url, ...: other files or options
    if (/^[a-z+]+:\/\//i.test(line) || line.startsWith('.') || line.startsWith('/')) continue; // a bare URL or path
    const d = parseRequirement(line, 'declared', file);
    if (d) out.push(d);
  }
  return out;
}

function poetrySpec(v: unknown): { spec: string; direct: boolean } {
  if (typeof v === 'string') return { spec: poetryConstraint(v), direct: false };
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const t = v as Record<string, unknown>;
    if (t.path !== undefined || t.git !== undefined || t.url !== undefined) return { spec: '', direct: true };
    if (typeof t.version === 'string') return { spec: poetryConstraint(t.version), direct: false };
  }
  // A list of constraints per marker: the version cannot be told apart.
  return { spec: '', direct: false };
}

/** Poetry's constraint syntax as PEP 440: `^1.14` → `>=1.14,<2.0`, `~1.14.2` → `>=1.14.2,<1.15.0`, `1.14.6` → `==1.14.6`, `*` → ''. */
export function poetryConstraint(c: string): string {
  const parts = c.split(',').map((s) => s.trim()).filter(Boolean);
  const out: string[] = [];
  for (const p of parts) {
    if (p === '*') continue;
    let m = /^\^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(p);
    if (m) {
      const [maj, min, pat] = [Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === undefined ? undefined : Number(m[3])];
      const upper = maj > 0 || min === undefined ? `${maj + 1}.0.0` : min > 0 || pat === undefined ? `0.${min + 1}.0` : `0.0.${(pat ?? 0) + 1}`;
      out.push(`>=${[maj, min ?? 0, pat ?? 0].join('.')}`, `<${upper}`);
      continue;
    }
    m = /^~(?!=)\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(p);
    if (m) {
      const maj = Number(m[1]);
      const min = m[2] === undefined ? undefined : Number(m[2]);
      out.push(`>=${[maj, min ?? 0, m[3] === undefined ? 0 : Number(m[3])].join('.')}`, min === undefined ? `<${maj + 1}.0.0` : `<${maj}.${min + 1}.0`);
      continue;
    }
    if (/^\d/.test(p)) {
      out.push(`==${p}`);
      continue;
    }
    out.push(p.replace(/\s+/g, ''));
  }
  return out.join(',');
}

function parsePyproject(text: string, file: string): Dependency[] {
  const doc = parseToml(text) as Record<string, unknown>;
  const out: Dependency[] = [];
  const reqs = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const r of list) {
      if (typeof r !== 'string') continue; // {include-group = ...}
      const d = parseRequirement(r, 'declared', file);
      if (d) out.push(d);
    }
  };
  const project = doc.project as Record<string, unknown> | undefined;
  if (project) {
    reqs(project.dependencies);
    const opt = project['optional-dependencies'];
    if (opt && typeof opt === 'object') for (const g of Object.values(opt as Record<string, unknown>)) reqs(g);
  }
  const groups = doc['dependency-groups'];
  if (groups && typeof groups === 'object') for (const g of Object.values(groups as Record<string, unknown>)) reqs(g);
  const tool = doc.tool as Record<string, unknown> | undefined;
  const uv = tool?.uv as Record<string, unknown> | undefined;
  if (uv) reqs(uv['dev-dependencies']);
  const poetry = tool?.poetry as Record<string, unknown> | undefined;
  if (poetry) {
    const tables: unknown[] = [poetry.dependencies, poetry['dev-dependencies']];
    const pg = poetry.group;
    if (pg && typeof pg === 'object') for (const g of Object.values(pg as Record<string, unknown>)) tables.push((g as Record<string, unknown>)?.dependencies);
    for (const t of tables) {
      if (!t || typeof t !== 'object') continue;
      for (const [name, v] of Object.entries(t as Record<string, unknown>)) {
        if (name.toLowerCase() === 'python') continue;
        const { spec, direct } = poetrySpec(v);
        out.push({ name: normalizeName(name), spec, direct: direct || undefined, kind: 'declared', file });
      }
    }
  }
  return out;
}

/** uv.lock and poetry.lock: `[[package]]` tables whose first keys are `name` and `version`. */
function parseLock(text: string, file: string): Dependency[] {
  const out: Dependency[] = [];
  const re = /^\[\[package\]\]\s*\r?\nname\s*=\s*"([^"]+)"\s*\r?\nversion\s*=\s*"([^"]+)"/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ name: normalizeName(m[1]), spec: `==${m[2]}`, kind: 'locked', file });
  }
  // uv marks a path or editable source: `source = { editable = "." }`; its version is the project's own.
  return out;
}

/** Installed distributions of a `.venv` in `folder`: `.venv/lib/python3.X/site-packages/NAME-VERSION.dist-info`. */
function venvDistributions(fs: FsView, folder: string): Dependency[] {
  const venv = path.join(folder, '.venv');
  if (fs.kind(venv) !== 'dir') return [];
  const out: Dependency[] = [];
  const sitePackages: string[] = [];
  const lib = path.join(venv, 'lib');
  for (const py of fs.list(lib)) if (/^python\d/.test(py)) sitePackages.push(path.join(lib, py, 'site-packages'));
  sitePackages.push(path.join(venv, 'Lib', 'site-packages')); // Windows layout
  for (const sp of sitePackages) {
    for (const name of fs.list(sp)) {
      const m = /^(.+?)-([^-]+)\.dist-info$/.exec(name);
      if (!m) continue;
      // A `direct_url.json` inside marks an editable or path install; its version is still what is installed.
      out.push({ name: normalizeName(m[1]), spec: `==${m[2]}`, kind: 'installed', file: path.join(sp, name) });
    }
  }
  return out;
}

/** What one folder's dependency files say, in this order: installed, locked, pyproject, requirements*.txt. */
export function folderDependencies(fs: FsView, folder: string): Dependency[] {
  const names = fs.list(folder);
  if (names.length === 0) return [];
  const out: Dependency[] = [];
  if (names.includes('.venv')) out.push(...venvDistributions(fs, folder));
  for (const lock of ['uv.lock', 'poetry.lock']) if (names.includes(lock)) out.push(...parsedFile(fs, path.join(folder, lock), parseLock));
  if (names.includes('pyproject.toml')) out.push(...parsedFile(fs, path.join(folder, 'pyproject.toml'), parsePyproject));
  for (const n of names) if (isRequirementsTxt(n)) out.push(...parsedFile(fs, path.join(folder, n), parseRequirementsTxt));
  return out;
}

/** The dependency files looked at in a folder (for messages that say nothing was found). */
export function dependencyFiles(fs: FsView, folder: string): string[] {
  return fs
    .list(folder)
    .filter((n) => n === 'pyproject.toml' || n === 'uv.lock' || n === 'poetry.lock' || isRequirementsTxt(n))
    .map((n) => path.join(folder, n));
}

/** The project's dependencies as seen from `folders` (nearest first), each folder's in folderDependencies order. */
export function projectDependencies(fs: FsView, folders: readonly string[]): Dependency[] {
  const out: Dependency[] = [];
  for (const f of folders) out.push(...folderDependencies(fs, f));
  return out;
}

const SCRIPT_BLOCK = /^# \/\/\/ ([a-zA-Z0-9-]+)[ \t]*\r?\n((?:^#(?:| .*)\r?\n)+)^# \/\/\/[ \t]*$/gm;
const SCRIPT_MEMO = new Map<string, { text: string; deps: Dependency[] }>();

/**
 * A module's inline script metadata (PEP 723: a `# /// script` comment
 * block with `dependencies = [...]`), which `uv run module.py` installs:
 * the module's own environment, nearest of all. Nothing when the block is
 * missing, repeated (PEP 723: an error) or not valid TOML.
 */
export function scriptDependencies(text: string | undefined, file: string): Dependency[] {
  if (text === undefined || !text.includes('# /// script')) return [];
  const hit = SCRIPT_MEMO.get(file);
  if (hit && hit.text === text) return hit.deps;
  let deps: Dependency[] = [];
  const blocks = [...text.matchAll(SCRIPT_BLOCK)].filter((m) => m[1] === 'script');
  if (blocks.length === 1) {
    const toml = blocks[0][2]
      .split(/\r?\n/)
      .map((l) => (l.startsWith('# ') ? l.slice(2) : l.slice(1)))
      .join('\n');
    try {
      const doc = parseToml(toml) as Record<string, unknown>;
      if (Array.isArray(doc.dependencies)) {
        deps = doc.dependencies
          .filter((r): r is string => typeof r === 'string')
          .map((r) => parseRequirement(r, 'declared', file))
          .filter((d): d is Dependency => d !== undefined);
      }
    } catch {
      deps = [];
    }
  }
  if (SCRIPT_MEMO.size >= 256) SCRIPT_MEMO.delete(SCRIPT_MEMO.keys().next().value as string);
  SCRIPT_MEMO.set(file, { text, deps });
  return deps;
}
