import { describe, expect, it } from 'vitest';
import { pythonVersionProblem } from '../rules/IS705-python-version';
import { imageUri } from '../server/flyte/uri';
import { bound, call } from './helpers/flyteChain';
import { applyFix, covered, lintSource, only } from './helpers/lint';

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

const HEAD = 'import flyte\n';

describe('IS705 through the linter', () => {
  it('reports "3.12" and fixes it to (3, 12); 3.10 as written is (3, 10)', () => {
    const src = HEAD + 'a = flyte.Image.from_debian_base(python_version="3.12", name="etl")\nb = flyte.Image.from_debian_base(python_version=3.10)\n';
    const out = lintSource(src, { select: ['IS705'] });
    const [a, b] = only(out, 'IS705');
    expect(covered(out, a)).toBe('"3.12"');
    expect(a.message).toBe(
      '`python_version` is the string "3.12": flyte indexes its characters, so the base image tag starts with `py3..`, an image that does not exist: ' +
        'the build or the image pull fails. Pass a tuple of two ints: `(3, 12)`',
    );
    expect(applyFix(out, a.fixes[0])).toContain('from_debian_base(python_version=(3, 12), name="etl")');
    expect(b.message).toBe("`python_version` must be a tuple of two ints: importing the module raises TypeError: 'float' object is not subscriptable. Use `(3, 10)`");
    expect(applyFix(out, b.fixes[0])).toContain('from_debian_base(python_version=(3, 10))');
  });

  it('stays silent on a published tuple (near-miss)', () => {
    expect(only(lintSource(HEAD + 'a = flyte.Image.from_debian_base(python_version=(3, 12))\n', { select: ['IS705'] }), 'IS705')).toEqual([]);
  });
});
