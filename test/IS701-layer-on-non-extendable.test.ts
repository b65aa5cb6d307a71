import { describe, expect, it } from 'vitest';
import { nonExtendableLayer } from '../rules/IS701-layer-on-non-extendable';
import { namelessLayer } from '../rules/IS702-layer-on-nameless';
import { appendArgEdit, firstRefusedLayer, suggestedName, type ChainView } from '../rules/shared/flyteChain';
import { applyTextEdits } from '../server/engine/fixes';
import { LineIndex } from '../server/model/position';
import { imageUri } from '../server/flyte/uri';
import { bound, call } from './helpers/flyteChain';
import { applyFix, covered, lintSource, only } from './helpers/lint';

describe('IS701 layer on a non-extendable image: the chain walk', () => {
  it('refuses the first layer on from_base, from_ref_name and from_dockerfile', () => {
    expect(nonExtendableLayer(bound(call('from_base', ['python:3.12-slim']), call('with_pip_packages', ['pandas']), call('with_apt_packages', ['git'])))).toMatchObject({
      call: 1,
      why: 'non-extendable',
      state: { origin: 'from_base', baseImage: 'python:3.12-slim' },
    });
    expect(nonExtendableLayer(bound(call('from_ref_name', ['gpu']), call('with_env_vars', [{ dict: [['A', 'b']] }])))).toMatchObject({ call: 1, why: 'non-extendable' });
    expect(nonExtendableLayer(bound(call('from_dockerfile', [{ path: 'Dockerfile' }, 'ghcr.io/acme', 'etl']), call('with_pip_packages', ['x'])))).toMatchObject({ why: 'non-extendable' });
  });

  it('a Dockerfile image refuses layers even after clone(extendable=True)', () => {
    const r = nonExtendableLayer(bound(call('from_dockerfile', ['Dockerfile', 'ghcr.io/acme', 'etl']), call('clone', [], { extendable: true }), call('with_pip_packages', ['x'])));
    expect(r).toMatchObject({ call: 2, why: 'dockerfile' });
  });

  it('stays silent on extendable chains and when a value on the way is unknown', () => {
    expect(firstRefusedLayer(bound(call('from_debian_base'), call('with_pip_packages', ['x'])))).toBeUndefined();
    expect(firstRefusedLayer(bound(call('from_uv_script', ['main.py'], { name: 'x' }), call('with_apt_packages', ['git'])))).toBeUndefined();
    expect(firstRefusedLayer(bound(call('from_base', ['python:3.12']), call('clone', [], { name: 'py', extendable: true }), call('with_pip_packages', ['x'])))).toBeUndefined();
    expect(firstRefusedLayer(bound(call('from_base', ['python:3.12']), call('clone', [], { name: 'py', extendable: { unknown: 'flag' } }), call('with_pip_packages', ['x'])))).toBeUndefined();
    expect(firstRefusedLayer(bound(call('from_base', ['python:3.12']), call('clone', [], { name: 'py' })))).toBeUndefined();
    // with_source_file([]) adds no layer, so nothing is refused.
    expect(firstRefusedLayer(bound(call('from_base', ['python:3.12']), call('with_source_file', [[]])))).toBeUndefined();
    // A call that does not bind ends the walk (IS501 reports it).
    expect(firstRefusedLayer(bound(call('from_base', ['python:3.12']), call('with_pip_packages', [], { packages: ['x'] }), call('with_apt_packages', ['git'])))).toBeUndefined();
  });

  it('agrees with uri.ts on what the SDK raises first', () => {
    const chains = [
      [call('from_base', ['python:3.12-slim']), call('with_pip_packages', ['pandas'])],
      [call('from_dockerfile', [{ path: '/abs/Dockerfile' }, 'r', 'n']), call('clone', [], { extendable: true }), call('with_pip_packages', ['x'])],
      [call('from_base', ['python:3.12-slim']), call('clone', [], { extendable: true }), call('with_pip_packages', ['pandas'])],
    ];
    for (const calls of chains) {
      const res = imageUri({ calls }, { flyteVersion: '2.6.5', files: { kind: () => undefined, read: () => undefined }, localPython: [3, 12] }, 'declaration');
      const r = firstRefusedLayer(bound(...calls))!;
      expect(res).toMatchObject({ kind: 'error', pyType: 'ValueError', call: r.call, when: 'declaration' });
      if (r.why === 'nameless') expect(namelessLayer(bound(...calls))).toBeDefined();
      else expect(nonExtendableLayer(bound(...calls))).toBeDefined();
    }
  });

  it('suggests a name from the base image', () => {
    expect(suggestedName('ghcr.io/acme/training-base:latest')).toBe('training-base');
    expect(suggestedName('python:3.12-slim')).toBe('python');
    expect(suggestedName('localhost:5000/x@sha256:abc')).toBe('x');
    expect(suggestedName('<your-registry>/base')).toBe('base');
    expect(suggestedName(undefined)).toBeUndefined();
  });
});

const HEAD = 'import flyte\n';

describe('IS701 through the linter', () => {
  it('reports the refused layer with the SDK error, and inserts a named, extendable clone', () => {
    const src = HEAD + 'image = flyte.Image.from_base("ghcr.io/acme/training-base:latest").with_pip_packages("torch")\n';
    const out = lintSource(src, { select: ['IS701'] });
    const [f] = only(out, 'IS701');
    expect(f.severity).toBe('error');
    expect(covered(out, f)).toBe('with_pip_packages');
    expect(f.message).toBe(
      '`with_pip_packages` adds a layer to `Image.from_base(...)`, which cannot take layers: importing the module raises ValueError: ' +
        'Cannot add additional layers to a non-extendable image. Please create the image with extendable=True in the clone() call. ' +
        'To build on it, add `.clone(name="...", extendable=True)` before the first layer',
    );
    expect(f.fixes).toHaveLength(1);
    expect(f.fixes[0]).toMatchObject({ safe: false, preferred: true });
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = flyte.Image.from_base("ghcr.io/acme/training-base:latest").clone(name="training-base", extendable=True).with_pip_packages("torch")\n');
  });

  it('turns on extendable in an existing clone (safe), and reports a layer on a module-level base once, where it is added', () => {
    const src = HEAD + 'base = flyte.Image.from_base("python:3.12-slim").clone(name="py",)\ngpu = base.with_pip_packages("torch")\n';
    const out = lintSource(src, { select: ['IS701'] });
    const fs = only(out, 'IS701');
    expect(fs).toHaveLength(1);
    expect(fs[0].range.start.line).toBe(2);
    expect(fs[0].fixes[0].safe).toBe(true);
    expect(applyFix(out, fs[0].fixes[0])).toBe(HEAD + 'base = flyte.Image.from_base("python:3.12-slim").clone(name="py", extendable=True)\ngpu = base.with_pip_packages("torch")\n');
    const ref = lintSource(HEAD + 'img = flyte.Image.from_ref_name("gpu").with_apt_packages("git")\n', { select: ['IS701'] });
    expect(applyFix(ref, only(ref, 'IS701')[0].fixes[0])).toBe(HEAD + 'img = flyte.Image.from_ref_name("gpu").clone(extendable=True).with_apt_packages("git")\n');
  });

  it('stays silent on extendable images (near-miss)', () => {
    const src =
      HEAD +
      'a = flyte.Image.from_base("python:3.12-slim").clone(name="py", extendable=True).with_pip_packages("pandas")\n' +
      'b = flyte.Image.from_debian_base().with_pip_packages("pandas")\n' +
      'c = flyte.Image.from_base("python:3.12-slim")\n';
    expect(only(lintSource(src, { select: ['IS701'] }), 'IS701')).toEqual([]);
  });
});

describe('appendArgEdit', () => {
  it('adds an argument after the last one, keeping a trailing comma, and gives up beside a comment', () => {
    const run = (text: string) => {
      const lines = new LineIndex(text);
      const view = { callRange: () => ({ start: lines.positionAt(0), end: lines.positionAt(text.length) }) } as unknown as ChainView;
      const e = appendArgEdit(view, lines, 0, 'extendable=True');
      return e && applyTextEdits(text, [e]);
    };
    expect(run('.clone()')).toBe('.clone(extendable=True)');
    expect(run('.clone(name="a")')).toBe('.clone(name="a", extendable=True)');
    expect(run('.clone(\n    name="a",\n)')).toBe('.clone(\n    name="a", extendable=True\n)');
    expect(run('.clone(\n    name="a",  # the name\n)')).toBeUndefined();
  });
});
