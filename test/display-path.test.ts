// displayPath decides "inside the working folder?" by string prefix for
// normalised POSIX paths (path.relative costs ~10 µs a call at start-up,
// once per file of a report). It must answer as path.relative does.

import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath } from '../server/cli/formats/shared';
import { isInside, relativeToRoot } from '../server/project/workdir';

/** The slow definition: relative when path.relative does not climb out. */
function reference(file: string, cwd: string): string {
  const rel = path.posix.relative(cwd, file);
  return rel && rel !== '..' && !rel.startsWith('../') && !path.posix.isAbsolute(rel) ? rel : file;
}

describe('displayPath', () => {
  const paths = ['/', '/a', '/a/b', '/a/b/', '/a/./b', '/a/../b', '//a', '/ab', '/a/bc', '/a/b/c.py', '/a/..b/c', '/a/.b/c', '/a/b..', '/a//b', '/a/b/../c.py'];

  it('answers as path.relative does for every pair of absolute paths, normalised or not', () => {
    let compared = 0;
    for (const file of paths) {
      for (const cwd of paths) {
        expect(displayPath(file, cwd), `${file} from ${cwd}`).toBe(reference(file, cwd));
        compared++;
      }
    }
    expect(compared).toBe(paths.length ** 2);
  });

  it('shows files inside the working folder relative, others absolute, and a folder named "..b" as inside', () => {
    expect(displayPath('/repo/wf/main.py', '/repo')).toBe('wf/main.py');
    expect(displayPath('/other/main.py', '/repo')).toBe('/other/main.py');
    expect(displayPath('/repository/main.py', '/repo')).toBe('/repository/main.py');
    expect(displayPath('/repo', '/repo')).toBe('/repo');
    expect(displayPath('/repo/..b/x.py', '/repo')).toBe('..b/x.py');
    expect(displayPath('/x.py', '/')).toBe('x.py');
  });
});

describe('isInside and relativeToRoot (the project model\'s path tests, shared by the CLI and the language server)', () => {
  it('count a folder named "..b" as inside, and only `..` and `../` as going up', () => {
    expect(isInside('/repo', '/repo')).toBe(true);
    expect(isInside('/repo', '/repo/..b/x.py')).toBe(true);
    expect(isInside('/repo', '/repo/../x.py')).toBe(false);
    expect(isInside('/repo', '/')).toBe(false);
    expect(isInside('/repo', '/repository/x.py')).toBe(false);
    expect(relativeToRoot('/repo', '/repo')).toBe('.');
    expect(relativeToRoot('/repo', '/repo/..b/x.py')).toBe('..b/x.py');
    expect(relativeToRoot('/repo', '/other/x.py')).toBe('/other/x.py');
  });
});
