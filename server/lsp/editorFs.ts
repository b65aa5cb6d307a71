// The file system as the rules see it in the editor: open documents as the
// editor has them (saved or not), everything else from disk.

import * as path from 'node:path';
import { CachedFs, type EntryKind, type ProjectFs } from '../engine/fs';
import type { DocumentStore } from './documents';

export class EditorFs implements ProjectFs {
  private disk = new CachedFs();
  constructor(private docs: DocumentStore) {}
  kind(p: string): EntryKind {
    return this.docs.byFile(path.resolve(p)) ? 'file' : this.disk.kind(p);
  }
  list(dir: string): string[] {
    return this.disk.list(dir);
  }
  readText(p: string): string | undefined {
    const d = this.docs.byFile(path.resolve(p));
    return d ? d.text : this.disk.readText(p);
  }
}
