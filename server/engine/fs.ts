// File-system questions rules ask, answered once per path per run. Rules go
// through this instead of node:fs so the engine can cache and so the LSP can
// answer for unsaved buffers later.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { quickHash } from '../util/quickHash';
import type { EntryKind, FsView } from '../project/fsView';

export type { EntryKind };

/** The file system rules read through; the project model's FsView. */
export type ProjectFs = FsView;

export class CachedFs implements ProjectFs {
  private kinds = new Map<string, EntryKind>();
  private lists = new Map<string, string[]>();
  private texts = new Map<string, string | undefined>();
  /** Folders the caller listed already (the CLI's walk), by resolved path; by name once asked. */
  private listings = new Map<string, fs.Dirent[]>();
  private listed = new Map<string, Map<string, fs.Dirent>>();
  /** A listed folder's names in lower case, or null when one is not ASCII (surelyAbsent). */
  private folded = new Map<string, Set<string> | null>();
  private memos = new Map<string, unknown>();

  /** Answers computed from this file system's answers (FsView.memo): forgotten on any invalidate(). */
  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const v = compute();
    this.memos.set(key, v);
    return v;
  }

  // A path asked again is usually the resolved key itself (the cache's keys
  // are path.resolve results, which resolve to themselves): looked up as it
  // is first, resolved only when that misses.

  kind(p: string): EntryKind {
    const known = this.kinds.get(p);
    if (known !== undefined) return known;
    const key = path.resolve(p);
    let k = this.kinds.get(key);
    if (k === undefined) k = this.kindListed(key);
    if (k === undefined) {
      try {
        // Most paths asked about do not exist (a requirements file looked for in each folder up to /):
        // without an exception, whose stack trace costs ~3x the stat.
        const st = fs.statSync(key, { throwIfNoEntry: false });
        k = !st ? 'missing' : st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
      } catch {
        k = 'missing';
      }
      this.kinds.set(key, k);
    }
    return k;
  }

  list(dir: string): string[] {
    const known = this.lists.get(dir);
    if (known !== undefined) return known;
    const key = path.resolve(dir);
    let l = this.lists.get(key);
    if (l === undefined) {
      const walked = this.listings.get(key);
      if (walked) l = walked.map((e) => e.name).sort();
      else {
        try {
          l = fs.readdirSync(key).sort();
        } catch {
          l = [];
        }
      }
      this.lists.set(key, l);
    }
    return l;
  }

  readText(p: string): string | undefined {
    if (this.texts.has(p)) return this.texts.get(p);
    const key = path.resolve(p);
    if (!this.texts.has(key)) {
      let t: string | undefined;
      try {
        t = fs.readFileSync(key, 'utf8');
      } catch {
        t = undefined;
      }
      this.texts.set(key, t);
    }
    return this.texts.get(key);
  }

  /**
   * A folder's entries as the caller read them (readdir with file types):
   * list() and kind() answer from them instead of asking the disk again.
   * `dir`: absolute, resolved.
   */
  noteListing(dir: string, entries: fs.Dirent[]): void {
    this.listings.set(dir, entries);
  }

  /**
   * Whether a name not in a folder's noted listing is absent for stat too.
   * A case-insensitive or normalising file system (macOS, Windows) finds
   * `Requirements.txt` for `requirements.txt`, or a decomposed `é` for a
   * composed one: a name that matches a listed one but for ASCII case, or
   * any non-ASCII name in the folder or asked for, is left to stat.
   */
  private surelyAbsent(dir: string, name: string): boolean {
    if (!isAscii(name)) return false;
    let f = this.folded.get(dir);
    if (f === undefined) {
      const entries = this.listings.get(dir) ?? [];
      f = entries.every((e) => isAscii(e.name)) ? new Set(entries.map((e) => e.name.toLowerCase())) : null;
      this.folded.set(dir, f);
    }
    return f !== null && !f.has(name.toLowerCase());
  }

  /**
   * A path's kind from its folder's noted listing: missing when not in it,
   * or when its folder is missing from the listing above (`.venv/pyvenv.cfg`);
   * undefined (ask the disk) for links, unknown types and folders not listed.
   */
  private kindListed(key: string, up = 1): EntryKind | undefined {
    const dir = path.dirname(key);
    let byName = this.listed.get(dir);
    if (!byName) {
      const entries = this.listings.get(dir);
      if (!entries) return up > 0 && dir !== key && this.kindListed(dir, up - 1) === 'missing' ? 'missing' : undefined;
      byName = new Map(entries.map((e) => [e.name, e]));
      this.listed.set(dir, byName);
    }
    const name = path.basename(key);
    const e = byName.get(name);
    if (!e) return name === '' || name === '.' || name === '..' || !this.surelyAbsent(dir, name) ? undefined : 'missing';
    return e.isFile() ? 'file' : e.isDirectory() ? 'dir' : undefined;
  }

  /** The text readText read or was handed for a path, without reading it; undefined when it has none. */
  peekText(p: string): string | undefined {
    return this.texts.get(p) ?? this.texts.get(path.resolve(p));
  }

  /**
   * The text of a file already read and decoded as UTF-8 (no BOM) by the
   * caller: what readText would read (the CLI reads every module it lints;
   * its neighbours' scan reads them again otherwise). `p`: absolute, resolved.
   */
  noteText(p: string, text: string): void {
    if (!this.texts.has(p)) this.texts.set(p, text);
  }

  /** Forget what is known about a path (the LSP calls this on watched-file changes). */
  invalidate(p?: string): void {
    this.memos.clear();
    if (!p) {
      this.kinds.clear();
      this.lists.clear();
      this.texts.clear();
      this.listings.clear();
      this.listed.clear();
      this.folded.clear();
      return;
    }
    const key = path.resolve(p);
    for (const d of [key, path.dirname(key)]) {
      this.listings.delete(d);
      this.listed.delete(d);
      this.folded.delete(d);
    }
    this.kinds.delete(key);
    this.texts.delete(key);
    this.lists.delete(path.dirname(key));
    this.lists.delete(key);
  }
}

/**
 * What a file system answer depended on, for a result cache to re-check
 * later: `kind` and `list` record the answer itself, `read` the file's stat
 * signature (size, mtime, ctime, inode; "missing" when it cannot be stat'ed).
 */
export type FsFact = ['kind', string, EntryKind] | ['list', string, string] | ['read', string, string] | ['scan', string, string];

/**
 * What patterns find in a text, one character each; a `scan` fact is
 * `<stat signature>\0<answers>` (readText's `scan`): it holds while the
 * file is unchanged, or changed but answering the same.
 */
export function scanAnswers(text: string, patterns: readonly RegExp[]): string {
  return patterns.map((re) => (re.test(text) ? '1' : '0')).join('');
}

/**
 * Size, mtime, ctime and inode of a path, or "missing"/"error:CODE": equal
 * signatures mean unchanged. Times in whole microseconds: a warm CLI run
 * builds one per file of the tree, and integers print ~2x faster than the
 * fractional milliseconds Node gives.
 */
export function statSignature(p: string): string {
  try {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return 'missing';
    return `${st.size}:${Math.round(st.mtimeMs * 1000)}:${Math.round(st.ctimeMs * 1000)}:${st.ino}`;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : `error:${code ?? 'unknown'}`;
  }
}

/** A short digest of a folder listing (CachedFs.list answers are sorted). */
export function listDigest(names: string[]): string {
  return quickHash(names.join('\0'));
}

/**
 * A view of another ProjectFs that remembers every question asked through
 * it and what the answer depended on (the CLI's result cache wraps the run's
 * CachedFs in one per file lint).
 */
export class RecordingFs implements ProjectFs {
  readonly facts: FsFact[] = [];
  private readonly seen = new Set<string>();

  constructor(readonly inner: ProjectFs) {}

  private note(fact: FsFact): void {
    const key = `${fact[0]}\0${fact[1]}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.facts.push(fact);
  }

  kind(p: string): EntryKind {
    const k = this.inner.kind(p);
    this.note(['kind', path.resolve(p), k]);
    return k;
  }

  list(dir: string): string[] {
    const l = this.inner.list(dir);
    this.note(['list', path.resolve(dir), listDigest(l)]);
    return l;
  }

  readText(p: string, scan?: readonly RegExp[]): string | undefined {
    const t = this.inner.readText(p, scan);
    const key = path.resolve(p);
    this.note(scan ? ['scan', key, `${statSignature(key)}\0${scanAnswers(t ?? '', scan)}`] : ['read', key, statSignature(key)]);
    return t;
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
