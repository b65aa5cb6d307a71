import { describe, expect, it } from 'vitest';
import { platformProblems } from '../rules/IS704-platform-string';
import { bound, call } from './helpers/flyteChain';

describe('IS704 platform string: pure check', () => {
  it('a str platform in from_debian_base / from_uv_script; unknown architectures anywhere', () => {
    expect(platformProblems(bound(call('from_debian_base', [], { platform: 'linux/amd64' }))[0])).toEqual([{ ref: { call: 0, param: 'platform', kw: 'platform' }, kind: 'string', value: 'linux/amd64' }]);
    expect(platformProblems(bound(call('from_uv_script', ['m.py'], { name: 'x', platform: 'linux/arm64' }))[0])).toMatchObject([{ kind: 'string' }]);
    expect(platformProblems(bound(call('from_debian_base', [], { platform: { tuple: ['linux/amd64', 'linux/arm/v7'] } }))[0])).toMatchObject([{ kind: 'unknown-arch', value: 'linux/arm/v7', item: 1 }]);
    expect(platformProblems(bound(call('from_base', ['x']), call('clone', [], { platform: 'windows/amd64' }))[1])).toMatchObject([{ kind: 'unknown-arch' }]);
  });

  it('is silent on tuples of known platforms and on a str where flyte makes a tuple', () => {
    expect(platformProblems(bound(call('from_debian_base', [], { platform: { tuple: ['linux/amd64'] } }))[0])).toEqual([]);
    expect(platformProblems(bound(call('from_dockerfile', ['Dockerfile', 'r', 'n', 'linux/arm64']))[0])).toEqual([]);
    expect(platformProblems(bound(call('from_base', ['x']), call('clone', [], { platform: 'linux/amd64' }))[1])).toEqual([]);
    expect(platformProblems(bound(call('from_debian_base', [], { platform: { unknown: 'P' } }))[0])).toEqual([]);
  });
});
