import { describe, expect, it } from 'vitest';
import { namelessLayer } from '../rules/IS702-layer-on-nameless';
import { imageUri } from '../server/flyte/uri';
import { bound, call } from './helpers/flyteChain';
import { applyFix, covered, lintSource, only } from './helpers/lint';

describe('IS702 layer on a nameless image: pure check', () => {
  it('reports the first layer after an extendable clone with no name, as uri.ts raises', () => {
    const calls = [call('from_base', ['python:3.12-slim']), call('clone', [], { extendable: true }), call('with_pip_packages', ['pandas'])];
    expect(namelessLayer(bound(...calls))).toMatchObject({ call: 2, why: 'nameless', state: { lastClone: 1, baseImage: 'python:3.12-slim' } });
    expect(imageUri({ calls }, { flyteVersion: '2.6.5', files: { kind: () => undefined, read: () => undefined } }, 'declaration')).toMatchObject({
      kind: 'error',
      pyType: 'ValueError',
      call: 2,
      message: 'Cannot add additional layer PipPackages(…) to an image without name. Please first clone().',
    });
    expect(namelessLayer(bound(call('from_ref_name', ['']), call('clone', [], { extendable: true }), call('with_workdir', ['/app'])))).toMatchObject({ call: 2 });
  });

  it('is silent when the image has a name, or it is not known', () => {
    expect(namelessLayer(bound(call('from_base', ['x']), call('clone', [], { name: 'x', extendable: true }), call('with_pip_packages', ['a'])))).toBeUndefined();
    expect(namelessLayer(bound(call('from_base', ['x']), call('clone', [], { name: { unknown: 'N' }, extendable: true }), call('with_pip_packages', ['a'])))).toBeUndefined();
    expect(namelessLayer(bound(call('from_ref_name', ['gpu']), call('clone', [], { extendable: true }), call('with_pip_packages', ['a'])))).toBeUndefined();
    expect(namelessLayer(bound(call('from_debian_base', [], { name: '' }), call('with_pip_packages', ['a'])))).toBeUndefined();
    // IS701 comes first: a non-extendable image is refused before its name is looked at.
    expect(namelessLayer(bound(call('from_base', ['x']), call('with_pip_packages', ['a'])))).toBeUndefined();
  });
});

const HEAD = 'import flyte\n';

describe('IS702 through the linter', () => {
  it('reports the layer with the SDK error and names the image in its clone', () => {
    const src = HEAD + 'image = flyte.Image.from_base("python:3.12-slim").clone(extendable=True).with_pip_packages("pandas")\n';
    const out = lintSource(src, { select: ['IS702'] });
    const [f] = only(out, 'IS702');
    expect(covered(out, f)).toBe('with_pip_packages');
    expect(f.message).toBe(
      '`with_pip_packages` adds a layer to an image with no name: importing the module raises ValueError: ' +
        'Cannot add additional layer PipPackages(…) to an image without name. Please first clone(). Name it (`.clone(name="...")`) before the first layer',
    );
    expect(f.fixes[0].safe).toBe(false);
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = flyte.Image.from_base("python:3.12-slim").clone(extendable=True, name="python").with_pip_packages("pandas")\n');
  });

  it('stays silent when the clone names the image (near-miss)', () => {
    const src = HEAD + 'image = flyte.Image.from_base("python:3.12-slim").clone(name="py", extendable=True).with_pip_packages("pandas")\n';
    expect(only(lintSource(src, { select: ['IS702'] }), 'IS702')).toEqual([]);
  });
});
