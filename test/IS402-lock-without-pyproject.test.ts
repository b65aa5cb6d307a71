import { describe, expect, it } from 'vitest';
import { covered, lintSource, only } from './helpers/lint';

const HEAD = 'from flytekit import ImageSpec\n';

describe('IS402 lock file without pyproject.toml', () => {
  it('reports uv.lock whose folder has no pyproject.toml', () => {
    const src = HEAD + 'image = ImageSpec(name="etl", requirements="locks/uv.lock")\n';
    const out = lintSource(src, { select: ['IS402'], files: { 'locks/uv.lock': 'version = 1\n', 'pyproject.toml': '[project]\nname = "x"\n' } });
    const fs = only(out, 'IS402');
    expect(fs).toHaveLength(1);
    const [f] = fs;
    expect(f.severity).toBe('error');
    expect(f.range).toEqual({ start: { line: 1, character: 43 }, end: { line: 1, character: 58 } });
    expect(covered(out, f)).toBe('"locks/uv.lock"');
    expect(f.message).toBe(
      '`uv.lock` needs a `pyproject.toml` in the same folder, and `locks/pyproject.toml` does not exist: ' +
        'the build fails with ValueError ("To use uv.lock, a pyproject.toml file must be in the same directory as the lock file"). ' +
        "Point `requirements` at the lock file next to your project's pyproject.toml",
    );
    expect(f.fixes).toEqual([]);
  });

  it('reports poetry.lock at the project root, with the env default named', () => {
    const src = HEAD + 'import os\nimage = ImageSpec(requirements=os.environ.get("LOCK", "poetry.lock"))\n';
    const out = lintSource(src, { select: ['IS402'], files: { 'poetry.lock': '' } });
    const [f] = only(out, 'IS402');
    expect(covered(out, f)).toBe('os.environ.get("LOCK", "poetry.lock")');
    expect(f.message).toContain('`poetry.lock` needs a `pyproject.toml` in the same folder, and `pyproject.toml` does not exist (the default of $LOCK): ');
    expect(f.message).toContain('"To use poetry.lock, a pyproject.toml');
  });

  it('is clean when pyproject.toml is beside the lock file', () => {
    const src = HEAD + 'image = ImageSpec(requirements="svc/uv.lock")\n';
    const out = lintSource(src, { select: ['IS402'], files: { 'svc/uv.lock': '', 'svc/pyproject.toml': '' } });
    expect(only(out, 'IS402')).toEqual([]);
  });

  it('ignores other requirement files, lock-like names, the noop builder, missing folders and unknown values', () => {
    const cases = [
      'image = ImageSpec(requirements="requirements.txt")\n',
      'image = ImageSpec(requirements="my-uv.lock")\n',
      'image = ImageSpec(requirements="uv.lock", builder="noop")\n',
      'image = ImageSpec(requirements="gone/uv.lock")\n',
      'image = ImageSpec(requirements=lock_path())\n',
    ];
    for (const c of cases) expect(only(lintSource(HEAD + c, { select: ['IS402'], files: { 'uv.lock': '' } }), 'IS402'), c).toEqual([]);
  });
});

describe('IS402 follows the builder and the release that install the lock file', () => {
  const SRC = 'from flytekit import ImageSpec\nimage = ImageSpec(name="etl", requirements="locks/uv.lock")\n';
  const run = (files: Record<string, string>, config?: Record<string, unknown>) =>
    only(lintSource(SRC, { select: ['IS402'], files: { 'locks/uv.lock': 'version = 1\n', ...files }, config }), 'IS402').map((f) => f.message);

  it('flytekit 1.13 hands a uv.lock to pip, envd too: silent', () => {
    expect(run({ 'requirements.txt': 'flytekit==1.13.5\n' })).toEqual([]);
    expect(run({ 'requirements.txt': 'flytekit==1.14.0\n' })).toHaveLength(1);
    expect(run({ 'requirements.txt': 'flytekitplugins-envd\n' })).toEqual([]);
  });

  it("Union's builder needs the pyproject.toml too, with its own message", () => {
    expect(run({}, { builder: 'union' })[0]).toContain('Union\'s image builder fails with ValueError ("pyproject.toml must exist when using uv.lock")');
  });
});
