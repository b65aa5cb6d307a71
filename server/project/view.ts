// One file's view of its project: the folders pyflyte may run in, what the
// environment installs, the flytekit release it runs and the builder a spec
// gets. The rules (through rules/shared/project.ts) and the language
// server's hover ask the same questions through here, so both say the same.

import * as path from 'node:path';
import type { ImageDecl } from '../model/decl';
import type { FsView } from './fsView';
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
const SIBLING_MEMO = new Map<string, { names: string; texts: string[]; found?: string }>();

/** The module itself or a Python module in its folder whose text matches `re` (union imported, a builder registered). */
function findInModules(fs: FsView, file: string, text: string | undefined, show: (abs: string) => string, re: RegExp): string | undefined {
  if (text !== undefined && re.test(text)) return `\`${show(file)}\``;
  if (!file.endsWith('.py')) return undefined;
  const dir = path.dirname(file);
  // Every module of the folder is looked at for every file linted in it:
  // `prefix + name` is path.join(dir, name) for a name without a separator,
  // without normalising the whole path each time (thousands of joins a run).
  const prefix = path.join(dir, '_').slice(0, -1);
  const self = file.startsWith(prefix) ? file.slice(prefix.length) : undefined;
  const names = fs.list(dir).filter((n) => n.endsWith('.py') && n !== self);
  if (names.length === 0 || names.length > SIBLING_LIMIT) return undefined;
  // Read for the patterns only: an edit to a neighbour that changes neither answer keeps this file's cached result.
  const texts = names.map((n) => fs.readText(prefix + n, NEIGHBOUR_PATTERNS) ?? '');
  // The texts come from the run's cached file system (the editor's open
  // documents): the same string objects again when nothing changed, so the
  // comparison below is a pointer check; a text edited to the same length
  // (one character typed over another) is compared in full, never trusted.
  const joined = names.join('\0');
  const key = `${re.source}\0${dir}`;
  const hit = SIBLING_MEMO.get(key);
  // The module found is kept absolute: runs show paths from different folders.
  if (hit && hit.names === joined && hit.texts.every((t, i) => t === texts[i])) return hit.found === undefined ? undefined : `\`${show(hit.found)}\``;
  const i = texts.findIndex((t) => re.test(t));
  const found = i >= 0 ? prefix + names[i] : undefined;
  if (SIBLING_MEMO.size >= 256) SIBLING_MEMO.delete(SIBLING_MEMO.keys().next().value as string);
  SIBLING_MEMO.set(key, { names: joined, texts, found });
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
  const deps = [...scriptDependencies(text, file), ...projectDependencies(fs, environmentFolders(file, root, settings.workdir))];
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
