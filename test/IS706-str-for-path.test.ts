import { describe, expect, it } from 'vitest';
import { pathName, pathProblems } from '../rules/IS706-str-for-path';
import { imageUri } from '../server/flyte/uri';
import { bound, call } from './helpers/flyteChain';
import { applyFix, covered, lintSource, only } from './helpers/lint';

describe('IS706 str where a Path is needed: pure check', () => {
  it('with_source_folder(str), a str in a with_source_file list (import), a str lock (build)', () => {
    const folder = [call('from_debian_base'), call('with_source_folder', ['src'])];
    expect(pathProblems(bound(...folder)[1])).toEqual([{ ref: { call: 1, param: 'src', pos: 0 }, attr: 'name', when: 'import' }]);
    expect(imageUri({ calls: folder }, { flyteVersion: '2.6.5', files: { kind: () => undefined, read: () => undefined }, localPython: [3, 12] }, 'declaration')).toMatchObject({
      kind: 'error',
      pyType: 'AttributeError',
      message: "'str' object has no attribute 'name'",
    });
    expect(pathProblems(bound(call('from_debian_base'), call('with_source_file', [[{ path: 'a.py' }, 'b.py']]))[1])).toMatchObject([{ item: 1, attr: 'name' }]);
    expect(pathProblems(bound(call('from_debian_base'), call('with_uv_project', [{ path: 'pyproject.toml' }], { uvlock: 'uv.lock' }))[1])).toMatchObject([{ attr: 'exists', when: 'build' }]);
    expect(pathProblems(bound(call('from_debian_base'), call('with_poetry_project', ['pyproject.toml', 'poetry.lock']))[1])).toMatchObject([{ attr: 'exists' }]);
  });

  it('is silent where flyte makes a Path itself', () => {
    for (const c of [
      call('with_source_folder', ['src'], { copy_contents_only: true }),
      call('with_source_file', ['a.py']),
      call('with_source_file', [[{ path: 'a.py' }]]),
      call('with_uv_project', ['pyproject.toml']),
      call('with_dockerignore', ['.dockerignore']),
      call('with_source_folder', ['src'], { copy_contents_only: { unknown: 'flag' } }),
    ]) {
      expect(pathProblems(bound(call('from_debian_base'), c)[1])).toEqual([]);
    }
  });

  it('writes Path the way the file imports it', () => {
    expect(pathName('from pathlib import Path\n').name).toBe('Path');
    expect(pathName('import pathlib\n').name).toBe('pathlib.Path');
    expect(pathName('import pathlib as pl\n').name).toBe('pl.Path');
    expect(pathName('from pathlib import PurePath\n')).toMatchObject({ name: 'pathlib.Path' });
    expect(pathName('from pathlib import PurePath\n').importEdit).toBeDefined();
  });
});

describe('IS706 through the linter', () => {
  it('reports with_source_folder("src") and wraps it, adding the import when the file has none', () => {
    const src = '"""Images."""\nimport flyte\n\nimage = flyte.Image.from_debian_base(name="etl").with_source_folder("src")\n';
    const out = lintSource(src, { select: ['IS706'] });
    const [f] = only(out, 'IS706');
    expect(covered(out, f)).toBe('"src"');
    expect(f.message).toBe(
      "`src` of `with_source_folder` is a str where flyte uses a `pathlib.Path`: importing the module raises AttributeError: 'str' object has no attribute 'name'. Wrap it in `Path(...)`",
    );
    expect(applyFix(out, f.fixes[0])).toBe('"""Images."""\nimport pathlib\nimport flyte\n\nimage = flyte.Image.from_debian_base(name="etl").with_source_folder(pathlib.Path("src"))\n');
  });

  it('uses Path when imported; a str lock fails at build', () => {
    const src = 'from pathlib import Path\nimport flyte\n\nimage = flyte.Image.from_debian_base(name="etl").with_uv_project(Path("pyproject.toml"), uvlock="uv.lock")\n';
    const out = lintSource(src, { select: ['IS706'] });
    const [f] = only(out, 'IS706');
    expect(f.message).toContain("building the image raises AttributeError: 'str' object has no attribute 'exists'");
    expect(applyFix(out, f.fixes[0])).toContain('uvlock=Path("uv.lock"))');
  });

  it('stays silent on a single str file and copy_contents_only (near-miss)', () => {
    const src = 'import flyte\n\na = flyte.Image.from_debian_base(name="etl").with_source_file("app.py")\nb = flyte.Image.from_debian_base(name="etl").with_source_folder("src", copy_contents_only=True)\n';
    expect(only(lintSource(src, { select: ['IS706'] }), 'IS706')).toEqual([]);
  });
});
