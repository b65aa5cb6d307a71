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

describe('IS403 follows the builder and the release that install the lock file', () => {
  const SRC = (lock: string) => HEAD + `image = ImageSpec(name="etl", requirements="${lock}", packages=["pandas"])\n`;
  const run = (lock: string, files: Record<string, string>, config?: Record<string, unknown>) =>
    only(lintSource(SRC(lock), { select: ['IS403'], files: { [lock]: '', 'pyproject.toml': '[project]\nname = "x"\n', ...files }, config }), 'IS403').map((f) => f.message);

  it('releases before the default builder knew the lock file hand it to pip: silent', () => {
    expect(run('uv.lock', { 'requirements.txt': 'flytekit==1.13.5\n' })).toEqual([]);
    expect(run('poetry.lock', { 'requirements.txt': 'flytekit==1.14.6\n' })).toEqual([]);
    expect(run('poetry.lock', { 'requirements.txt': 'flytekit==1.15.0\n' })).toHaveLength(1);
  });

  it('the envd builder hands it to pip: silent', () => {
    expect(run('uv.lock', { 'requirements.txt': 'flytekitplugins-envd\n' })).toEqual([]);
  });

  it("Union's builder refuses packages with a uv.lock (its own message), not with a poetry.lock", () => {
    expect(run('uv.lock', {}, { builder: 'union' })[0]).toContain('Union\'s image builder raises ValueError ("When using uv.lock, setting packages is not supported")');
    expect(run('poetry.lock', {}, { builder: 'union' })).toEqual([]);
  });

  it('union installed, endpoint unknown: a uv.lock with packages fails with either builder; a poetry.lock only with the default', () => {
    const files = { 'requirements.txt': 'union\n' };
    expect(run('uv.lock', files)[0]).toContain('mutually exclusive") when building (and Union\'s image builder raises ValueError');
    expect(run('poetry.lock', files)).toEqual([]);
  });
});
