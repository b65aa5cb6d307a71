import { describe, expect, it } from 'vitest';
import { pathName, pathProblems } from '../rules/IS706-str-for-path';
import { imageUri } from '../server/flyte/uri';
import { bound, call } from './helpers/flyteChain';

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
