// Finding a folder's project with remembered answers (engine/config.ts
// FolderProbe, what the language server's workspace walk shares between its
// folders): the same project, config file and root as asking the file system
// afresh, for every folder of a tree with nested config files, a pyproject.toml
// without the tool's table, a .git folder and a missing path; and a probe keeps
// the answers it gave (its owner drops it when files may have changed), while
// a lookup without one sees the change.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderProbe, findConfigFile } from '../server/engine/config';
import { loadProject } from '../server/engine/project';
import { configSignature } from '../server/lsp/settings';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'isl-probe-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const write = (rel: string, text: string) => {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
};

// repo/.git, a pyproject without our table at the top, our table in svc/, an
// imagespec-lint.toml deeper down, and folders between them with nothing.
write('repo/.git/HEAD', 'ref: refs/heads/main\n');
write('repo/pyproject.toml', '[project]\nname = "x"\n');
write('repo/a/b/c/mod.py', 'x = 1\n');
write('repo/svc/pyproject.toml', '[tool.imagespec-lint]\nignore = ["IS502"]\n');
write('repo/svc/x/y/mod.py', 'x = 1\n');
write('repo/svc/x/deep/imagespec-lint.toml', 'ignore = ["IS501"]\n');
write('repo/svc/x/deep/z/mod.py', 'x = 1\n');
write('loose/a/mod.py', 'x = 1\n');

function folders(dir: string): string[] {
  const out = [dir];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory() && e.name !== '.git') out.push(...folders(path.join(dir, e.name)));
  return out;
}

describe('FolderProbe', () => {
  it('finds the same project for every folder as a lookup without it', () => {
    const probe = new FolderProbe();
    const dirs = [...folders(root), path.join(root, 'repo', 'no-such-folder'), path.join(root, 'repo', 'a', 'b', 'c', 'mod.py')];
    // Deepest first and then the rest, so later lookups reuse answers about the folders above them.
    for (const dir of [...dirs].reverse()) {
      const fresh = loadProject(dir, { cwd: root });
      const probed = loadProject(dir, { cwd: root, probe });
      expect(probed, dir).toEqual(fresh);
      expect(configSignature(dir, fresh.configFile, (p) => probe.stat(p)), dir).toBe(configSignature(dir, fresh.configFile));
    }
    const at = (rel: string) => loadProject(path.join(root, rel), { cwd: root, probe });
    expect(at('repo/a/b/c')).toMatchObject({ root: path.join(root, 'repo'), configFile: undefined });
    expect(at('repo/svc/x/y')).toMatchObject({ root: path.join(root, 'repo', 'svc'), configFile: path.join(root, 'repo', 'svc', 'pyproject.toml') });
    expect(at('repo/svc/x/deep/z')).toMatchObject({ root: path.join(root, 'repo', 'svc', 'x', 'deep'), configFile: path.join(root, 'repo', 'svc', 'x', 'deep', 'imagespec-lint.toml') });
    expect(at('repo/svc/x/deep/z').config.ignore).toEqual(['IS501']);
  });

  it('keeps the answers it gave; a lookup without it sees a config file created since', () => {
    const probe = new FolderProbe();
    const dir = path.join(root, 'repo', 'a', 'b', 'c');
    expect(findConfigFile(dir, probe)).toBeUndefined();
    const before = configSignature(dir, undefined, (p) => probe.stat(p));
    write('repo/a/imagespec-lint.toml', 'ignore = []\n');
    try {
      expect(findConfigFile(dir, probe)).toBeUndefined();
      expect(configSignature(dir, undefined, (p) => probe.stat(p))).toBe(before);
      expect(findConfigFile(dir)).toBe(path.join(root, 'repo', 'a', 'imagespec-lint.toml'));
      expect(findConfigFile(dir, new FolderProbe())).toBe(path.join(root, 'repo', 'a', 'imagespec-lint.toml'));
      // What the language server compares before a lint: the remembered signature no longer holds.
      expect(configSignature(dir)).not.toBe(before);
    } finally {
      fs.rmSync(path.join(root, 'repo', 'a', 'imagespec-lint.toml'));
    }
  });
});
