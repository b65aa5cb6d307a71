import { describe, expect, it } from 'vitest';
import { pythonVersionProblem } from '../rules/IS705-python-version';
import { imageUri } from '../server/flyte/uri';
import { bound, call } from './helpers/flyteChain';

describe('IS705 python_version: pure check', () => {
  it('a str builds a broken tag; numbers and short tuples raise as uri.ts says', () => {
    expect(pythonVersionProblem(bound(call('from_debian_base', [], { python_version: '3.12' }))[0])).toMatchObject({ kind: 'string', tag: 'py3..' });
    for (const [v, pyType, message] of [
      [{ float: 3.12 }, 'TypeError', "'float' object is not subscriptable"],
      [3, 'TypeError', "'int' object is not subscriptable"],
      [{ tuple: [3] }, 'IndexError', 'tuple index out of range'],
      ['3', 'IndexError', 'string index out of range'],
    ] as const) {
      const calls = [call('from_debian_base', [], { python_version: v })];
      expect(pythonVersionProblem(bound(...calls)[0])).toMatchObject({ kind: 'raises', pyType, message });
      expect(imageUri({ calls }, { flyteVersion: '2.6.5', files: { kind: () => undefined, read: () => undefined } }, 'declaration')).toMatchObject({ kind: 'error', pyType, message });
    }
  });

  it('warns on an unpublished version of the default image only', () => {
    expect(pythonVersionProblem(bound(call('from_debian_base', [{ tuple: [3, 9] }]))[0])).toMatchObject({ kind: 'unpublished', major: 3, minor: 9 });
    expect(pythonVersionProblem(bound(call('from_debian_base', [{ tuple: [3, 9] }], { install_flyte: false }))[0])).toBeUndefined();
    expect(pythonVersionProblem(bound(call('from_uv_script', ['m.py'], { name: 'x', python_version: { tuple: [3, 9] } }))[0])).toBeUndefined();
    expect(pythonVersionProblem(bound(call('from_debian_base', [{ tuple: [3, 12] }]))[0])).toBeUndefined();
    expect(pythonVersionProblem(bound(call('from_debian_base', [], { python_version: { unknown: 'V' } }))[0])).toBeUndefined();
  });
});
