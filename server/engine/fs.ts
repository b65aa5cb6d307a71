// File-system questions rules ask, answered once per path per run. Rules go
// through this instead of node:fs so the engine can cache and so the LSP can
// answer for unsaved buffers later.

import * as fs from 'node:fs';
import * as path from 'node:path';

export type EntryKind = 'file' | 'dir' | 'missing' | 'other';

export interface ProjectFs {
  kind(absPath: string): EntryKind;
  /** Names in a folder, [] when it is missing or unreadable. */
  list(absDir: string): string[];
  /** Text of a file decoded as UTF-8, undefined when it cannot be read. */
  readText(absPath: string): string | undefined;
}

export class CachedFs implements ProjectFs {
  private kinds = new Map<string, EntryKind>();
  private lists = new Map<string, string[]>();
  private texts = new Map<string, string | undefined>();

  kind(p: string): EntryKind {
    const key = path.resolve(p);
    let k = this.kinds.get(key);
    if (k === undefined) {
      try {
        const st = fs.statSync(key);
        k = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
      } catch {
        k = 'missing';
      }
      this.kinds.set(key, k);
    }
    return k;
  }

  list(dir: string): string[] {
    const key = path.resolve(dir);
    let l = this.lists.get(key);
    if (l === undefined) {
      try {
        l = fs.readdirSync(key).sort();
      } catch {
        l = [];
      }
      this.lists.set(key, l);
    }
    return l;
  }

  readText(p: string): string | undefined {
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

  /** Forget what is known about a path (the LSP calls this on watched-file changes). */
  invalidate(p?: string): void {
    if (!p) {
      this.kinds.clear();
      this.lists.clear();
      this.texts.clear();
      return;
    }
    const key = path.resolve(p);
    this.kinds.delete(key);
    this.texts.delete(key);
    this.lists.delete(path.dirname(key));
    this.lists.delete(key);
  }
}
