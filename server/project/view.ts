// One file's view of its project: the folders pyflyte may run in, what the
// environment installs, the flytekit release it runs and the builder a spec
// gets. The rules (through rules/shared/project.ts) and the language
// server's hover ask the same questions through here, so both say the same.

import * as path from 'node:path';
import type { ImageDecl } from '../model/decl';
import { memoized, type FsView } from './fsView';
import { NEIGHBOUR_PATTERNS, REGISTERS_BUILDER, UNION_IMPORT } from './neighbours';
import { projectDependencies, scriptDependencies, type Dependency } from './dependencies';
import { effectiveBuilder, registrationOf, unsetBuilder, type BuilderInputs, type EffectiveBuilder, type Registration } from './builder';
import { pinnedFlytekit, type PinnedFlytekit } from './flytekitVersion';
import { environmentFolders, relativeToRoot, workingFolders, type WorkingFolders } from './workdir';

/** The config keys the project model reads. */
export interface ProjectSettings {
  workdir?: string;
  builder?: string;
  flytekitVersion?: string;
}

export interface ProjectView {
  projectRoot: string;
  /** Where relative paths resolve (nearest first). */
  folders: WorkingFolders;
  /** The project's dependencies, nearest folder first. */
  deps: readonly Dependency[];
  flytekit: PinnedFlytekit;
  /** "`x.py`" when the file, or a module beside it, imports union/unionai (computed on first ask). */
  unionImported(): string | undefined;
  /** The builder that builds a declaration of this file. */
  builder(decl: ImageDecl): EffectiveBuilder;
  /** The builder of a spec that names none (flytekit fills it in from 1.15.1; a nested base image is built by it). */
  unsetBuilder(python: boolean): EffectiveBuilder;
  /** Whether the environment registers a builder of that name (flytekit's own by release, plugins by package). */
  registration(name: string): Registration;
  /** "`x.py`" when the file, or a module beside it, registers a builder of its own (ImageBuildEngine.register). */
  registersBuilders(): string | undefined;
  /** A path for messages: relative to the display root when inside it (projectView), else absolute. */
  show(abs: string): string;
}

/** At most this many modules beside a file are read for a union import. */
const SIBLING_LIMIT = 400;
/** Per pattern and folder: each module's text when last tested, and whether the pattern matched it. */
const SIBLING_MEMO = new Map<string, Map<string, { text: string; match: boolean }>>();
/** A folder listing's modules and their paths, by the listing (the run's file system hands out the same array again). */
const SIBLING_PATHS = new WeakMap<readonly string[], { prefix: string; names: string[]; paths: string[] }>();

/** The module itself or a Python module in its folder whose text matches `re` (union imported, a builder registered). */
function findInModules(fs: FsView, file: string, text: string | undefined, show: (abs: string) => string, re: RegExp): string | undefined {
  if (text !== undefined && re.test(text)) return `\`${show(file)}\``;
  if (!file.endsWith('.py')) return undefined;
  const dir = path.dirname(file);
  // Every module of the folder is looked at for every file linted in it
  // (200 x 199 in a folder of 200): the modules' paths are made once per
  // listing, `prefix + name` being path.join(dir, name) for a name without a
  // separator; the same path strings again make the file system's lookups cheap.
  const prefix = path.join(dir, '_').slice(0, -1);
  const listing = fs.list(dir);
  let mods = SIBLING_PATHS.get(listing);
  if (!mods || mods.prefix !== prefix) {
    const names = listing.filter((n) => n.endsWith('.py'));
    mods = { prefix, names, paths: names.map((n) => prefix + n) };
    SIBLING_PATHS.set(listing, mods);
  }
  const { names, paths } = mods;
  const self = file.startsWith(prefix) ? file.slice(prefix.length) : undefined;
  const count = names.length - (self !== undefined && names.includes(self) ? 1 : 0);
  if (count === 0 || count > SIBLING_LIMIT) return undefined;
  // Each module is tested once while its text stays the same: the texts come
  // from the run's cached file system (the editor's open documents), the
  // same string objects again when nothing changed, so the comparison is a
  // pointer check; a text edited to the same length (one character typed
  // over another) is compared in full, never trusted.
  const key = `${re.source}\0${dir}`;
  let memo = SIBLING_MEMO.get(key);
  if (!memo) {
    if (SIBLING_MEMO.size >= 256) SIBLING_MEMO.delete(SIBLING_MEMO.keys().next().value as string);
    memo = new Map();
    SIBLING_MEMO.set(key, memo);
  }
  let found: string | undefined;
  for (let i = 0; i < names.length; i++) {
    if (names[i] === self) continue;
    // Every module is read for the patterns, also past the one found: an edit
    // to a neighbour that changes neither answer keeps this file's cached result.
    const t = fs.readText(paths[i], NEIGHBOUR_PATTERNS) ?? '';
    if (found !== undefined) continue;
    let m = memo.get(names[i]);
    if (!m || m.text !== t) {
      m = { text: t, match: re.test(t) };
      memo.set(names[i], m);
    }
    if (m.match) found = paths[i];
  }
  return found === undefined ? undefined : `\`${show(found)}\``;
}

/**
 * The project as `file` sees it. `text` is the file's own text (for its
 * imports). Paths in its texts are shown relative to `displayRoot` when
 * inside it (default the project root; null: absolute).
 */
export function projectView(fs: FsView, file: string, projectRoot: string, settings: ProjectSettings, text?: string, displayRoot?: string | null): ProjectView {
  const root = path.resolve(projectRoot);
  const shownFrom = displayRoot === undefined ? root : displayRoot;
  const show = (abs: string): string => (shownFrom === null ? abs : relativeToRoot(shownFrom, abs));
  // The module's own inline script metadata (PEP 723) first: `uv run` installs exactly that.
  const envFolders = environmentFolders(file, root, settings.workdir);
  const deps = [...scriptDependencies(text, file), ...memoized(fs, `deps\0${envFolders.join('\0')}`, () => projectDependencies(fs, envFolders))];
  const flytekit = pinnedFlytekit(settings.flytekitVersion, deps, show);
  let union: { v?: string } | undefined;
  const unionImported = (): string | undefined => (union ??= { v: findInModules(fs, file, text, show, UNION_IMPORT) }).v;
  let registers: { v?: string } | undefined;
  const inputs = (python: boolean): BuilderInputs => ({
    configBuilder: settings.builder,
    deps,
    unionImported: python ? unionImported : undefined,
    flytekitVersion: flytekit.version,
    show,
  });
  return {
    projectRoot: root,
    folders: workingFolders(file, root, settings.workdir),
    deps,
    flytekit,
    unionImported,
    builder: (decl) => effectiveBuilder(decl, inputs(decl.source === 'python')),
    unsetBuilder: (python) => unsetBuilder(inputs(python)),
    registration: (name) => registrationOf(name, deps, flytekit, show),
    registersBuilders: () => (registers ??= { v: findInModules(fs, file, text, show, REGISTERS_BUILDER) }).v,
    show,
  };
}
