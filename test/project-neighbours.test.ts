// The project model's scan of the modules beside a file (server/project/
// view.ts: does the file or a neighbour import union, or register a
// builder) is memoised per folder across lints, as the language server
// lints again on every keystroke. An edit that keeps a neighbour's length
// (one character typed over another) must still change the answer.

import { describe, expect, it } from 'vitest';
import type { EntryKind, FsView } from '../server/project/fsView';
import { projectView } from '../server/project/view';

/** A folder of Python modules held in memory, edited between lints. */
class MemoryFs implements FsView {
  constructor(readonly files: Map<string, string>) {}
  kind(p: string): EntryKind {
    return this.files.has(p) ? 'file' : [...this.files.keys()].some((f) => f.startsWith(`${p}/`)) ? 'dir' : 'missing';
  }
  list(dir: string): string[] {
    return [...this.files.keys()].filter((f) => f.startsWith(`${dir}/`) && !f.slice(dir.length + 1).includes('/')).map((f) => f.slice(dir.length + 1)).sort();
  }
  readText(p: string): string | undefined {
    return this.files.get(p);
  }
}

describe('modules beside a file', () => {
  it('an edit of a neighbour that keeps its length still changes whether union is imported', () => {
    const wf = '/proj/pkg/wf.py';
    const fs = new MemoryFs(
      new Map([
        [wf, 'from flytekit import ImageSpec\n'],
        ['/proj/pkg/other.py', 'import unioX\n'],
      ]),
    );
    const ask = () => projectView(fs, wf, '/proj', {}, fs.readText(wf)).unionImported();
    expect(ask()).toBeUndefined();
    // A new string of the same length, as an editor buffer or a re-read file gives.
    fs.files.set('/proj/pkg/other.py', ['import ', 'union\n'].join(''));
    expect(ask()).toBe('`pkg/other.py`');
    fs.files.set('/proj/pkg/other.py', 'import unioY\n');
    expect(ask()).toBeUndefined();
  });
});
