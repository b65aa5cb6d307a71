import { describe, expect, it } from 'vitest';
import { platformProblems } from '../rules/IS704-platform-string';
import { bound, call } from './helpers/flyteChain';
import { applyFix, covered, lintSource, only } from './helpers/lint';

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

const HEAD = 'import flyte\n';

describe('IS704 through the linter', () => {
  it('reports a str platform of from_debian_base and makes it a tuple', () => {
    const src = HEAD + 'image = flyte.Image.from_debian_base(name="etl", platform="linux/amd64")\n';
    const out = lintSource(src, { select: ['IS704'] });
    const [f] = only(out, 'IS704');
    expect(f.severity).toBe('error');
    expect(covered(out, f)).toBe('"linux/amd64"');
    expect(f.message).toContain('the build is asked for the platforms `l,i,n,u,x,/,a,m,d,6,4` and fails');
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = flyte.Image.from_debian_base(name="etl", platform=("linux/amd64",))\n');
  });

  it('warns on a platform no builder targets, on the item', () => {
    const out = lintSource(HEAD + 'image = flyte.Image.from_debian_base(name="etl", platform=("linux/amd64", "linux/arm/v7"))\n', { select: ['IS704'] });
    const [f] = only(out, 'IS704');
    expect(f.severity).toBe('warning');
    expect(covered(out, f)).toBe('"linux/arm/v7"');
  });

  it('stays silent on a str where flyte makes a tuple (near-miss)', () => {
    const src = HEAD + 'image = flyte.Image.from_debian_base(name="etl").clone(platform="linux/amd64")\nd = flyte.Image.from_dockerfile("Dockerfile", "r", "n", "linux/arm64")\n';
    expect(only(lintSource(src, { select: ['IS704'] }), 'IS704')).toEqual([]);
  });
});
