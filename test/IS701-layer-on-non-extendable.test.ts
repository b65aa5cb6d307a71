import { describe, expect, it } from 'vitest';
import { nonExtendableLayer } from '../rules/IS701-layer-on-non-extendable';
import { namelessLayer } from '../rules/IS702-layer-on-nameless';
import { firstRefusedLayer, suggestedName } from '../rules/shared/flyteChain';
import { imageUri } from '../server/flyte/uri';
import { bound, call } from './helpers/flyteChain';

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
