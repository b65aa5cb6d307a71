// What a project says about how Flyte 2 runs its images: the `flyte`
// release it pins (the default base image's tag carries it) and the
// `image:` settings of the config file flyte finds (builder, push registry,
// image refs) combined with FLYTE_IMAGE_* as flyte does (server/flyte/config.ts).
//
// The config file: flyte looks for ./config.yaml, then ./.flyte/config.yaml
// in the folder it runs in, then <git root>/.flyte/config.yaml, then
// $UCTL_CONFIG, $FLYTECTL_CONFIG and files in the home folder
// (api.ts CONFIG_SEARCH_ORDER). The folder flyte runs in is one of the
// working-folder candidates (workdir.ts), nearest first; the first
// candidate with a config file decides. Files outside the project (the
// variables, the home folder) are looked at only when the project has none:
// then what they hold is not known and the registry counts as unknown.

import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import type * as YamlLib from 'yaml';
import type { Flyte2Decl } from '../model/decl';
import { imageSettings, type ImageSettings } from '../flyte/config';
import { chainOf } from '../flyte/fromDecl';
import { imageUri, type FileAccess, type UriResult } from '../flyte/uri';
import { atLeast, FLYTE_VERIFIED_VERSION, METHODS_AFTER_VERIFIED, parseVersion } from '../flyte/version';
import type { Dependency } from './dependencies';
import { memoized, type FsView } from './fsView';
import type { WorkingFolders } from './workdir';

export interface PinnedFlyte {
  /** The release (`2.6.5`); undefined when it cannot be known. */
  version?: string;
  /** Where it came from, for hover and messages. */
  source: string;
  how: 'pinned' | 'assumed' | 'unknown';
}

const FLYTE = 'flyte';

function exactOf(spec: string): string | undefined {
  const m = /^===?\s*v?(\d+\.\d+(?:\.\d+)?(?:[.-]?(?:a|b|rc|dev|post)\d*)*(?:\+[\w.]+)?)$/.exec(spec.trim());
  return m ? m[1] : undefined;
}

/**
 * The flyte release the project runs: config `flyte-version`; an installed
 * (.venv) or locked version; an exact pin; otherwise the newest release the
 * mirror was read at, said so (a range or an unpinned dependency does not
 * say which release is installed).
 */
export function pinnedFlyte(configVersion: string | undefined, deps: readonly Dependency[], show: (abs: string) => string): PinnedFlyte {
  if (configVersion) {
    const exact = exactOf(configVersion) ?? exactOf(`==${configVersion}`);
    if (exact) return { version: exact, source: 'config `flyte-version`', how: 'pinned' };
    return { source: `config \`flyte-version\` ${configVersion} is not one release`, how: 'unknown' };
  }
  const fl = deps.filter((d) => d.name === FLYTE);
  const installed = fl.find((d) => d.kind === 'installed');
  if (installed) return { version: installed.spec.replace(/^==/, ''), source: `${show(path.dirname(path.dirname(path.dirname(path.dirname(installed.file)))))} has flyte ${installed.spec.slice(2)} installed`, how: 'pinned' };
  const locked = fl.find((d) => d.kind === 'locked');
  if (locked) return { version: locked.spec.replace(/^==/, ''), source: `${show(locked.file)} locks flyte ${locked.spec.slice(2)}`, how: 'pinned' };
  const direct = fl.find((d) => d.direct);
  if (direct) return { source: `${show(direct.file)} installs flyte from a path or URL`, how: 'unknown' };
  for (const d of fl) {
    const exact = exactOf(d.spec);
    if (exact) return { version: exact, source: `${show(d.file)} pins flyte ${exact}`, how: 'pinned' };
  }
  const ranged = fl.find((d) => d.spec !== '');
  if (ranged) {
    return { version: FLYTE_VERIFIED_VERSION, source: `${show(ranged.file)} asks for flyte ${ranged.spec}, not one release: assumed ${FLYTE_VERIFIED_VERSION}, the newest release read`, how: 'assumed' };
  }
  if (fl[0]) return { version: FLYTE_VERIFIED_VERSION, source: `${show(fl[0].file)} does not pin flyte: assumed ${FLYTE_VERIFIED_VERSION}, the newest release read`, how: 'assumed' };
  return { version: FLYTE_VERIFIED_VERSION, source: `nothing in the project pins flyte: assumed ${FLYTE_VERIFIED_VERSION}, the newest release read`, how: 'assumed' };
}

/** True when `version` is a flyte release whose image URI the mirror computes. */
export function isModelledFlyte(version: string | undefined): boolean {
  return !!version && !!parseVersion(version) && atLeast(version, '2.0.0');
}

export interface FlyteConfig {
  /** The config file flyte finds in the project, with its parsed YAML; null: none in the project. */
  file: { path: string; yaml: unknown } | null;
  /** The `image:` settings (file and FLYTE_IMAGE_*). */
  image: ImageSettings;
  /**
   * The push registry as uri.ts takes it: a registry, null for none, or
   * undefined when a config file outside the project could set it.
   */
  pushRegistry: string | null | undefined;
  /** The builder: local unless the config (or FLYTE_IMAGE_BUILDER with it) says remote; undefined for a plugin builder or without a project config file. */
  builder: 'local' | 'remote' | undefined;
  /** Image refs, when every source is visible (a project config file; not FLYTE_IMAGE_IMAGE_REFS). */
  imageRefs?: Record<string, string>;
}

let Y: typeof YamlLib | undefined;

function parseYaml(text: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a project has a flyte config file
  Y ??= require('yaml') as typeof YamlLib;
  try {
    return Y.parse(text, { version: '1.1', uniqueKeys: false, prettyErrors: false });
  } catch {
    return undefined;
  }
}

/** The git root above `folder` (its `.git` a folder or a file), if any. */
function gitRoot(fs: FsView, folder: string): string | undefined {
  for (let dir = folder; ; ) {
    const k = fs.kind(path.join(dir, '.git'));
    if (k === 'dir' || k === 'file') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const PARSED = new Map<string, { text: string; yaml: unknown }>();

/** The config file flyte finds, looking from the working-folder candidates, nearest first. */
export function findFlyteConfig(fs: FsView, folders: WorkingFolders): { path: string; yaml: unknown } | null {
  return memoized(fs, `flyte-config\0${folders.projectRoot}\0${folders.folders.join('\0')}`, () => searchFlyteConfig(fs, folders));
}

function searchFlyteConfig(fs: FsView, folders: WorkingFolders): { path: string; yaml: unknown } | null {
  const candidates: string[] = [];
  for (const dir of folders.folders) candidates.push(path.join(dir, 'config.yaml'), path.join(dir, '.flyte', 'config.yaml'));
  const git = gitRoot(fs, folders.folders[0] ?? folders.projectRoot);
  if (git) candidates.push(path.join(git, '.flyte', 'config.yaml'));
  for (const c of candidates) {
    if (fs.kind(c) !== 'file') continue;
    const text = fs.readText(c);
    if (text === undefined) continue;
    let hit = PARSED.get(c);
    if (!hit || hit.text !== text) {
      hit = { text, yaml: parseYaml(text) };
      if (PARSED.size > 64) PARSED.delete(PARSED.keys().next().value as string);
      PARSED.set(c, hit);
    }
    return { path: c, yaml: hit.yaml };
  }
  return null;
}

/** The project's Flyte 2 image settings, with the environment flyte would run with. */
export function flyteConfig(fs: FsView, folders: WorkingFolders, env: Readonly<Record<string, string | undefined>>, show: (abs: string) => string): FlyteConfig {
  const found = findFlyteConfig(fs, folders);
  const file = found ? { path: show(found.path), yaml: found.yaml } : null;
  const image = imageSettings(file, env);
  // Without a project config file flyte may still find one elsewhere ($UCTL_CONFIG, the home folder).
  const registryKnown = file !== null || env.FLYTE_IMAGE_REGISTRY !== undefined;
  const pushRegistry = registryKnown ? image.registry.value : undefined;
  const b = image.builder.value;
  const builder = b === 'local' || b === 'remote' ? b : undefined;
  let imageRefs: Record<string, string> | undefined;
  const refs = image.imageRefs.value;
  if (file && typeof refs === 'object' && refs !== null && env.FLYTE_IMAGE_IMAGE_REFS === undefined) {
    imageRefs = {};
    for (const [k, v] of Object.entries(refs)) if (typeof v === 'string') imageRefs[k] = v;
  }
  // Without a project config file the builder comes from one elsewhere, or is local: not known.
  return { file, image, pushRegistry, builder: file ? builder : undefined, ...(imageRefs ? { imageRefs } : {}) };
}

// ---------------------------------------------------------------------------
// The settings of one file, and a declaration evaluated with them

export interface LocalPython {
  version: readonly [number, number];
  /** Where it came from: "`.python-version`", "`.venv`". */
  source: string;
}

export interface FlyteSettings {
  flyte: PinnedFlyte;
  config: FlyteConfig;
  folders: WorkingFolders;
  /** The interpreter flyte runs on (a python_version left out follows it), when the project says. */
  localPython?: LocalPython;
}

/**
 * The Python flyte runs on: the nearest `.python-version` (pyenv, uv), else
 * a `.venv/pyvenv.cfg`, in the working folders up to the project root.
 */
export function localPythonOf(fs: FsView, folders: readonly string[], show: (abs: string) => string): LocalPython | undefined {
  const found = memoized(fs, `local-python\0${folders.join('\0')}`, () => searchLocalPython(fs, folders));
  return found && { version: found.version, source: `\`${show(found.file)}\`` };
}

function searchLocalPython(fs: FsView, folders: readonly string[]): { version: readonly [number, number]; file: string } | undefined {
  const parse = (text: string | undefined, re: RegExp): readonly [number, number] | undefined => {
    const m = text === undefined ? null : re.exec(text);
    return m ? [Number(m[1]), Number(m[2])] : undefined;
  };
  for (const dir of folders) {
    const pv = path.join(dir, '.python-version');
    const a = fs.kind(pv) === 'file' ? parse(fs.readText(pv), /^\s*(?:cpython-|python)?(\d+)\.(\d+)/) : undefined;
    if (a) return { version: a, file: pv };
    const cfg = path.join(dir, '.venv', 'pyvenv.cfg');
    const b = fs.kind(cfg) === 'file' ? parse(fs.readText(cfg), /^\s*version(?:_info)?\s*=\s*(\d+)\.(\d+)/m) : undefined;
    if (b) return { version: b, file: cfg };
  }
  return undefined;
}

export function flyteSettings(
  fs: FsView,
  view: { deps: readonly Dependency[]; folders: WorkingFolders; show: (abs: string) => string },
  configVersion: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): FlyteSettings {
  const localPython = localPythonOf(fs, view.folders.folders, view.show);
  return {
    flyte: pinnedFlyte(configVersion, view.deps, view.show),
    config: flyteConfig(fs, view.folders, env, view.show),
    folders: view.folders,
    ...(localPython ? { localPython } : {}),
  };
}

/**
 * Python's open() through the run's file system. A file whose bytes are not
 * UTF-8 (its text has U+FFFD) is read again as bytes from the disk: the run's
 * file system deals in text (an open editor buffer is text anyway).
 */
export function fileAccess(fs: FsView): FileAccess {
  return {
    kind: (abs) => {
      const k = fs.kind(abs);
      return k === 'other' ? undefined : k;
    },
    read: (abs) => {
      const t = fs.readText(abs);
      if (t === undefined) return undefined;
      if (!t.includes('\uFFFD')) return Buffer.from(t, 'utf8');
      try {
        return nodeFs.readFileSync(abs);
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * The chain evaluated for the project (uri.ts). Relative paths resolve from
 * the working-folder candidates, nearest first: the first folder from which
 * no file is missing wins (else the nearest's answer).
 */
export function evaluateFlyte(decl: Flyte2Decl, settings: FlyteSettings, fs: FsView, stage: 'deploy' | 'declaration' = 'deploy'): UriResult {
  const c = chainOf(decl);
  if ('unknown' in c) return { kind: 'unknown', reason: c.unknown };
  const version = settings.flyte.version;
  if (!version) return { kind: 'unknown', reason: `the flyte release is not known (${settings.flyte.source})` };
  const later = settings.flyte.how === 'pinned' ? undefined : c.chain.calls.find((call) => METHODS_AFTER_VERIFIED.includes(call.method));
  if (later) return { kind: 'unknown', reason: `\`${later.method}\` is in flyte releases newer than ${FLYTE_VERIFIED_VERSION}, the newest read, and the project does not pin one (${settings.flyte.source})` };
  const files = fileAccess(fs);
  let first: UriResult | undefined;
  for (const cwd of settings.folders.folders) {
    const r = imageUri(
      c.chain,
      {
        flyteVersion: version,
        cwd,
        files,
        pushRegistry: settings.config.pushRegistry,
        ...(settings.localPython ? { localPython: settings.localPython.version } : {}),
        ...(settings.config.builder ? { builder: settings.config.builder } : {}),
        ...(settings.config.imageRefs ? { imageRefs: settings.config.imageRefs } : {}),
        rootDir: cwd,
      },
      stage,
    );
    first ??= r;
    const missing = r.kind === 'error' && (r.pyType === 'FileNotFoundError' || r.message.includes('does not exist'));
    if (!missing) return r;
  }
  return first ?? { kind: 'unknown', reason: 'no folder flyte may run in' };
}
