// The folder pyflyte (or flyte) runs in: relative paths in a spec
// (`requirements`, `copy`, `source_root`, a Flyte 2 image's files) resolve
// against it. It is not in the source. People run pyflyte from the
// example's own folder, from the project root, or from a folder between
// (a package run as `pyflyte run pkg/workflow.py` from its parent), so
// every folder from the linted file's own folder up to the project root is
// a candidate, nearest first, and a path that exists from any of them is
// found. Config `workdir` pins one folder; then only it counts.

import * as path from 'node:path';
import type { EntryKind, FsView } from './fsView';

export interface WorkingFolders {
  /**
   * Absolute folders pyflyte may run in, nearest first: the linted file's
   * folder up to the project root (both included); only the pinned folder
   * when config `workdir` is set; the project root alone for a file outside
   * the project.
   */
  readonly folders: readonly string[];
  /** The folder config `workdir` pins (absolute), when set. */
  readonly pinned?: string;
  readonly projectRoot: string;
}

/** True when `child` is `parent` or lies inside it. `..b/c` is inside (a folder named "..b"); only `..` and `../` go up. */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}

/** The candidate working folders of a file. `workdir` is config's, relative to the project root. */
export function workingFolders(file: string, projectRoot: string, workdir?: string): WorkingFolders {
  const root = path.resolve(projectRoot);
  if (workdir !== undefined) {
    const pinned = path.resolve(root, workdir);
    return { folders: [pinned], pinned, projectRoot: root };
  }
  let dir = path.dirname(path.resolve(file));
  if (!isInside(root, dir)) return { folders: [root], projectRoot: root };
  const folders: string[] = [];
  for (;;) {
    folders.push(dir);
    if (dir === root) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { folders, projectRoot: root };
}

export type Want = 'file' | 'dir' | 'any';

export interface PathLookup {
  /** The path as written in the source. */
  written: string;
  /** An absolute path: resolved as is, no candidate folders involved. */
  absolute: boolean;
  /** The absolute path in the nearest folder where it exists as wanted. */
  found?: string;
  /** That folder (absolute). */
  foundIn?: string;
  /** Every candidate folder it resolves from as wanted, nearest first (IS407 compares them). */
  foundInAll: string[];
  /** Not found as wanted: the nearest candidate where it exists as something else (a folder where a file is wanted). */
  wrongKind?: { abs: string; kind: EntryKind };
  /** Absolute paths looked at, nearest first, without repeats. */
  tried: string[];
}

function matches(kind: EntryKind, want: Want): boolean {
  return want === 'any' ? kind !== 'missing' : kind === want;
}

/** Looks a written path up from each candidate folder, nearest first. */
export function lookupPath(fs: FsView, wf: WorkingFolders, written: string, want: Want): PathLookup {
  const absolute = path.isAbsolute(written);
  const out: PathLookup = { written, absolute, foundInAll: [], tried: [] };
  const bases = absolute ? [wf.folders[0] ?? wf.projectRoot] : wf.folders;
  for (const base of bases) {
    const abs = path.resolve(base, written);
    if (out.tried.includes(abs)) {
      // `..` can make two candidates name the same path; it still resolves from this folder.
      if (out.found === abs) out.foundInAll.push(base);
      continue;
    }
    out.tried.push(abs);
    const kind = fs.kind(abs);
    if (matches(kind, want)) {
      out.foundInAll.push(base);
      if (!out.found) {
        out.found = abs;
        out.foundIn = base;
      }
    } else if (kind !== 'missing' && !out.wrongKind) {
      out.wrongKind = { abs, kind };
    }
  }
  if (out.found) out.wrongKind = undefined;
  if (absolute) out.foundInAll = out.found ? [...wf.folders] : [];
  return out;
}

/** A path as a person reads it: relative to the project root with `/` when inside it, absolute otherwise. */
export function relativeToRoot(projectRoot: string, abs: string): string {
  if (!isInside(projectRoot, abs)) return abs;
  const rel = path.relative(projectRoot, abs);
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

/** "`a`, `b` and `c`": a list for messages. */
export function listText(items: readonly string[]): string {
  const q = items.map((s) => `\`${s}\``);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/**
 * The folders whose dependency files describe the environment a file runs
 * in: its own folder up to the project root (the pinned working folder too,
 * when config sets one outside that line), nearest first.
 */
export function environmentFolders(file: string, projectRoot: string, workdir?: string): string[] {
  const out = [...workingFolders(file, projectRoot).folders];
  if (workdir !== undefined) {
    const pinned = path.resolve(projectRoot, workdir);
    if (!out.includes(pinned)) out.push(pinned);
  }
  return out;
}
