// A monorepo with a nested project: svc/pyproject.toml's `exclude` and
// `specs` hold for svc/ whichever folder the walk starts in (issue 16,
// item 12), as `imagespec-lint svc` and pre-commit (--force-exclude with the
// file named) already judged.

import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { tmpProject } from './helpers/lint';

const TYPO = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", pacakges=["pandas"])\n';

function monorepo(): string {
  return tmpProject({
    '.git/': '',
    'pyproject.toml': '[tool.imagespec-lint]\nexclude = ["vendor/"]\n',
    'top.py': TYPO,
    'vendor/v.py': TYPO,
    'svc/pyproject.toml': '[project]\nname = "svc"\n\n[tool.imagespec-lint]\nexclude = ["legacy/"]\nspecs = ["images/*.yaml"]\n',
    'svc/wf.py': TYPO,
    'svc/legacy/old.py': TYPO,
    'svc/images/spec.yaml': 'name: etl\npacakges: [pandas]\n',
    'svc/other.yaml': 'name: etl\npacakges: [pandas]\n',
    // A folder that only has a pyproject.toml without our section belongs to the project above.
    'lib/pyproject.toml': '[project]\nname = "lib"\n',
    'lib/pkg/x.py': TYPO,
  });
}

describe('nested projects in a folder walk', () => {
  it('honours a nested project\'s exclude and specs from the monorepo root, as from its own folder', () => {
    const dir = monorepo();
    const args = ['--select', 'IS501', '--output-format', 'concise'];
    const fromRoot = runCli(args, { cwd: dir });
    expect(fromRoot.stdout.split('\n').map((l) => l.split(': IS501')[0])).toEqual(['lib/pkg/x.py:3:31', 'svc/images/spec.yaml:2:1', 'svc/wf.py:3:31', 'top.py:3:31', 'Found 4 errors.', '']);
    expect(fromRoot.code).toBe(1);
    // The same files of svc/ from its own folder, and from pre-commit (files named, --force-exclude).
    const own = runCli([...args, 'svc'], { cwd: dir });
    expect(own.stdout.split('\n').map((l) => l.split(': IS501')[0])).toEqual(['svc/images/spec.yaml:2:1', 'svc/wf.py:3:31', 'Found 2 errors.', '']);
    const named = runCli([...args, '--force-exclude', 'svc/legacy/old.py', 'svc/wf.py'], { cwd: dir });
    expect(named.stdout.split('\n').map((l) => l.split(': IS501')[0])).toEqual(['svc/wf.py:3:31', 'Found 1 error.', '']);
  });

  it('reports a broken nested config when its files are linted, exit 2', () => {
    const dir = monorepo();
    fs.writeFileSync(`${dir}/svc/pyproject.toml`, '[tool.imagespec-lint]\nexclude = "legacy/"\n');
    const r = runCli(['--select', 'IS501'], { cwd: dir });
    expect(r).toMatchObject({ code: 2, stderr: 'imagespec-lint: invalid configuration: svc/pyproject.toml:2: tool.imagespec-lint.exclude: expected a list of strings\n' });
  });
});
