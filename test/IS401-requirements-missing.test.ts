import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';

const HEAD = 'from flytekit import ImageSpec\n';

describe('IS401 requirements file missing', () => {
  it('reports a missing file on the value, offers the closest existing name first, and creation', () => {
    const src = HEAD + 'image = ImageSpec(name="etl", requirements="requirement.txt")\n';
    const out = lintSource(src, { select: ['IS401'], files: { 'requirements.txt': 'pandas\n', 'dev-requirements.txt': 'pytest\n', 'notes.txt': '' } });
    const fs = only(out, 'IS401');
    expect(fs).toHaveLength(1);
    const [f] = fs;
    expect(f.severity).toBe('error');
    expect(f.range).toEqual({ start: { line: 1, character: 43 }, end: { line: 1, character: 60 } });
    expect(covered(out, f)).toBe('"requirement.txt"');
    expect(f.message).toBe(
      `requirements file \`requirement.txt\` does not exist (looked for \`requirement.txt\` from the project root, where pyflyte runs): ` +
        'flytekit reads it for the image tag, so registration fails with FileNotFoundError. Create it or point `requirements` at the right file',
    );
    expect(f.fixes.map((x) => x.title)).toEqual(['Use `requirements.txt`', 'Use `dev-requirements.txt`', 'Create `requirement.txt`']);
    expect(f.fixes[0].preferred).toBe(true);
    expect(f.fixes.filter((x) => x.preferred)).toHaveLength(1);
    expect(f.fixes.every((x) => x.safe === false)).toBe(true);
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = ImageSpec(name="etl", requirements="requirements.txt")\n');
    expect(f.fixes[2].createFile).toEqual({ path: path.join(out.dir, 'requirement.txt'), content: '' });
    expect(f.fixes[2].edits).toEqual([]);
  });

  it('prefers creating the file when no existing name is close, and keeps the folder of a nested path', () => {
    const src = HEAD + "image = ImageSpec(requirements='deps/base.txt')\n";
    const out = lintSource(src, { select: ['IS401'], files: { 'deps/requirements-ml.txt': 'torch\n' } });
    const [f] = only(out, 'IS401');
    expect(covered(out, f)).toBe("'deps/base.txt'");
    expect(f.fixes.map((x) => x.title)).toEqual(['Use `deps/requirements-ml.txt`', 'Create `deps/base.txt`']);
    expect(f.fixes[1].preferred).toBe(true);
    expect(f.fixes[0].preferred).toBe(false);
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + "image = ImageSpec(requirements='deps/requirements-ml.txt')\n");
    expect(f.fixes[1].createFile?.path).toBe(path.join(out.dir, 'deps', 'base.txt'));
  });

  it('finds the file from any folder between the declaring file and the project root, and names every path looked for', () => {
    const src = HEAD + 'image = ImageSpec(requirements="requirements.txt")\n';
    const atRoot = lintSource(src, { select: ['IS401'], file: 'workflows/app.py', files: { 'requirements.txt': 'x\n' } });
    expect(only(atRoot, 'IS401')).toEqual([]);
    const beside = lintSource(src, { select: ['IS401'], file: 'workflows/app.py', files: { 'workflows/requirements.txt': 'x\n' } });
    expect(only(beside, 'IS401')).toEqual([]);
    const between = lintSource(src, { select: ['IS401'], file: 'examples/etl/wf/app.py', files: { 'examples/etl/requirements.txt': 'x\n' } });
    expect(only(between, 'IS401')).toEqual([]);
    const nowhere = lintSource(src, { select: ['IS401'], file: 'examples/etl/app.py', files: { 'other/requirements.txt': 'x\n' } });
    const [f] = only(nowhere, 'IS401');
    expect(f.message).toBe(
      'requirements file `requirements.txt` does not exist (looked for `examples/etl/requirements.txt`, `examples/requirements.txt` and `requirements.txt` ' +
        "from each folder pyflyte may run in: the file's own folder up to the project root): " +
        'flytekit reads it for the image tag, so registration fails with FileNotFoundError. Create it or point `requirements` at the right file',
    );
    // Creating the file puts it beside the declaring file, the nearest folder pyflyte may run in.
    expect(f.fixes.map((x) => x.title)).toEqual(['Create `examples/etl/requirements.txt`']);
    expect(f.fixes[0].createFile).toEqual({ path: path.join(nowhere.dir, 'examples/etl/requirements.txt'), content: '' });
  });

  it('with config `workdir`, looks only there, and creates the file there', () => {
    const src = HEAD + 'image = ImageSpec(requirements="reqs/requirements.txt")\n';
    const files = { 'examples/etl/reqs/requirements.txt': 'x\n', 'reqs/README': '' };
    const out = lintSource(src, { select: ['IS401'], file: 'examples/etl/app.py', files, config: { workdir: '.' } });
    const [f] = only(out, 'IS401');
    expect(f.message).toBe(
      'requirements file `reqs/requirements.txt` does not exist (looked for `reqs/requirements.txt`: config `workdir` pins the folder pyflyte runs in): ' +
        'flytekit reads it for the image tag, so registration fails with FileNotFoundError. Create it or point `requirements` at the right file',
    );
    expect(f.fixes.map((x) => x.title)).toEqual(['Create `reqs/requirements.txt`']);
    const pinnedThere = lintSource(src, { select: ['IS401'], file: 'examples/etl/app.py', files, config: { workdir: 'examples/etl' } });
    expect(only(pinnedThere, 'IS401')).toEqual([]);
  });

  it('offers similar names from every candidate folder, written relative to the folder they are found from', () => {
    const src = HEAD + 'image = ImageSpec(requirements="requirement.txt")\n';
    const out = lintSource(src, { select: ['IS401'], file: 'ex/a/app.py', files: { 'ex/requirements.txt': 'x\n' } });
    const [f] = only(out, 'IS401');
    expect(f.fixes.map((x) => x.title)).toEqual(['Use `requirements.txt`', 'Create `ex/a/requirement.txt`']);
    expect(f.fixes[0].preferred).toBe(true);
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = ImageSpec(requirements="requirements.txt")\n');
  });

  it('does not offer to create a lock file, and names env defaults', () => {
    const src = HEAD + 'import os\nimage = ImageSpec(requirements=os.getenv("REQS", "uv.lock"))\n';
    const out = lintSource(src, { select: ['IS401'] });
    const [f] = only(out, 'IS401');
    expect(covered(out, f)).toBe('os.getenv("REQS", "uv.lock")');
    expect(f.message).toContain('requirements file `uv.lock` (the default of $REQS) does not exist');
    expect(f.fixes).toEqual([]);
  });

  it('reports a folder given as requirements', () => {
    const src = HEAD + 'image = ImageSpec(requirements="deps")\n';
    const out = lintSource(src, { select: ['IS401'], files: { 'deps/requirements.txt': 'x\n' } });
    const [f] = only(out, 'IS401');
    expect(f.message).toBe(
      `requirements \`deps\` is a folder (\`deps\`): flytekit opens it as a file and fails. Point \`requirements\` at a requirements.txt, uv.lock or poetry.lock file`,
    );
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = ImageSpec(requirements="deps/requirements.txt")\n');
  });

  it('is clean for existing files, empty strings and unknown values', () => {
    const files = { 'requirements.txt': 'pandas\n' };
    expect(only(lintSource(HEAD + 'image = ImageSpec(requirements="requirements.txt")\n', { select: ['IS401'], files }), 'IS401')).toEqual([]);
    expect(only(lintSource(HEAD + 'image = ImageSpec(requirements="")\n', { select: ['IS401'] }), 'IS401')).toEqual([]);
    expect(only(lintSource(HEAD + 'image = ImageSpec(requirements=find_reqs())\n', { select: ['IS401'] }), 'IS401')).toEqual([]);
    expect(only(lintSource(HEAD + 'image = ImageSpec(requirements=f"{ROOT}/requirements.txt")\n', { select: ['IS401'] }), 'IS401')).toEqual([]);
  });
});
