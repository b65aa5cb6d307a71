import { describe, expect, it } from 'vitest';
import { droppedSecret } from '../rules/IS709-registry-secret-dropped';
import { bound, call } from './helpers/flyteChain';
import { covered, lintSource, only } from './helpers/lint';

describe('IS709 registry_secret dropped: pure check', () => {
  it('without registry and name, the secret is dropped', () => {
    expect(droppedSecret(bound(call('from_debian_base', [], { registry_secret: 'pull' }))[0])).toEqual({ call: 0, param: 'registry_secret', kw: 'registry_secret' });
    expect(droppedSecret(bound(call('from_debian_base', [], { registry_secret: 'pull', registry: '', name: null }))[0])).toBeDefined();
  });
  it('silent when registry or name is set, or not known', () => {
    expect(droppedSecret(bound(call('from_debian_base', [], { registry_secret: 'pull', name: 'etl' }))[0])).toBeUndefined();
    expect(droppedSecret(bound(call('from_debian_base', [], { registry_secret: 'pull', registry: { unknown: 'R' } }))[0])).toBeUndefined();
    expect(droppedSecret(bound(call('from_debian_base', [], { registry_secret: null }))[0])).toBeUndefined();
  });
});

const HEAD = 'import flyte\n';

describe('IS709 through the linter', () => {
  it('reports the dropped secret', () => {
    const out = lintSource(HEAD + 'image = flyte.Image.from_debian_base(python_version=(3, 12), registry_secret="pull")\n', { select: ['IS709'] });
    const [f] = only(out, 'IS709');
    expect(f.severity).toBe('warning');
    expect(covered(out, f)).toBe('registry_secret="pull"');
    expect(f.fixes).toEqual([]);
  });
  it('stays silent with a name (near-miss)', () => {
    expect(only(lintSource(HEAD + 'image = flyte.Image.from_debian_base(name="etl", registry_secret="pull")\n', { select: ['IS709'] }), 'IS709')).toEqual([]);
  });
});
