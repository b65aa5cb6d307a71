import { describe, expect, it } from 'vitest';
import { covered, lintSource, only } from './helpers/lint';

const HEAD = 'from flytekit import ImageSpec\n';
const FILES = { 'uv.lock': '', 'pyproject.toml': '' };

describe('IS403 lock file with packages', () => {
  it('reports packages= next to a uv.lock, on the keyword', () => {
    const src = HEAD + 'image = ImageSpec(name="etl", requirements="uv.lock", packages=["pandas"])\n';
    const out = lintSource(src, { select: ['IS403'], files: FILES });
    const fs = only(out, 'IS403');
    expect(fs).toHaveLength(1);
    const [f] = fs;
    expect(f.severity).toBe('error');
    expect(f.range).toEqual({ start: { line: 1, character: 54 }, end: { line: 1, character: 62 } });
    expect(covered(out, f)).toBe('packages');
    expect(f.message).toBe(
      '`packages` cannot be combined with the lock file `uv.lock`: flytekit raises ValueError ("Support for uv.lock files and packages is mutually exclusive") when building. ' +
        'Add the packages to the locked project with `uv add` and remove them from the spec',
    );
    expect(f.fixes).toEqual([]);
  });

  it('counts an empty list and .with_packages() calls, and names poetry for poetry.lock', () => {
    const src = HEAD + 'image = ImageSpec(requirements="app/poetry.lock", packages=[]).with_packages("numpy")\n';
    const out = lintSource(src, { select: ['IS403'], files: { 'app/poetry.lock': '', 'app/pyproject.toml': '' } });
    const fs = only(out, 'IS403');
    expect(fs.map((f) => covered(out, f))).toEqual(['packages', 'with_packages']);
    expect(fs[1].message).toBe(
      '`.with_packages(...)` cannot be combined with the lock file `app/poetry.lock`: flytekit raises ValueError ("Support for poetry.lock files and packages is mutually exclusive") when building. ' +
        'Add the packages to the locked project with `poetry add` and remove them from the spec',
    );
  });

  it('is clean without a lock file, with packages=None, or with the noop builder', () => {
    const cases = [
      'image = ImageSpec(requirements="requirements.txt", packages=["pandas"])\n',
      'image = ImageSpec(requirements="uv.lock", packages=None)\n',
      'image = ImageSpec(requirements="uv.lock")\n',
      'image = ImageSpec(requirements="uv.lock", packages=["x"], builder="noop")\n',
    ];
    for (const c of cases) expect(only(lintSource(HEAD + c, { select: ['IS403'], files: FILES }), 'IS403'), c).toEqual([]);
  });

  it('does not guess about unknown values or packages hidden in **kwargs', () => {
    const cases = [
      'image = ImageSpec(requirements="uv.lock", packages=maybe_packages())\n',
      'image = ImageSpec(requirements=lock(), packages=["x"])\n',
      'image = ImageSpec(requirements="uv.lock", **extra)\n',
    ];
    for (const c of cases) expect(only(lintSource(HEAD + c, { select: ['IS403'], files: FILES }), 'IS403'), c).toEqual([]);
  });
});
