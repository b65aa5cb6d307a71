import { describe, expect, it } from 'vitest';
import { droppedSecret } from '../rules/IS709-registry-secret-dropped';
import { bound, call } from './helpers/flyteChain';

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
