import { describe, expect, it } from 'vitest';
import { listMessage, listProblem } from '../rules/IS703-list-argument';
import { imageUri } from '../server/flyte/uri';
import { bound, call } from './helpers/flyteChain';

const opts = { flyteVersion: '2.6.5', files: { kind: () => 'missing' as const, read: () => undefined }, localPython: [3, 12] as const, cwd: '/p' };

describe('IS703 a list where separate arguments are expected: pure check', () => {
  it('finds the list the layer raises on, with the SDK message uri.ts gives too', () => {
    const cases = [
      [call('from_debian_base'), call('with_pip_packages', [['pandas', 'numpy']])],
      [call('from_debian_base'), call('with_apt_packages', ['git', ['vim']])],
      [call('from_debian_base'), call('with_uv_project', [{ path: 'pyproject.toml' }], { extra_index_urls: ['https://a'] })],
      [call('from_debian_base'), call('with_commands', [['ls', ['x']]])],
    ];
    for (const calls of cases) {
      const chain = bound(...calls);
      const p = listProblem(chain[1])!;
      expect(p).toBeDefined();
      const res = imageUri({ calls }, opts, 'declaration');
      expect(res).toMatchObject({ kind: 'error', pyType: 'TypeError', call: 1, message: listMessage(p) });
    }
  });

  it('names the argument and the fix', () => {
    const [, c] = bound(call('from_debian_base'), call('with_pip_packages', ['a', ['b', 'c']]));
    expect(listProblem(c)).toMatchObject({ ref: { call: 1, pos: 1 }, index: 1, field: 'packages', fix: 'spread' });
    const [, u] = bound(call('from_debian_base'), call('with_uv_project', ['pyproject.toml'], { extra_index_urls: ['https://a'] }));
    expect(listProblem(u)).toMatchObject({ ref: { call: 1, kw: 'extra_index_urls' }, fix: 'tuple' });
    expect(listMessage(listProblem(u)!)).toBe(
      "UVProject field 'extra_index_urls' is a list: ['https://a']. Hint: Pass items as separate arguments, e.g., 'vim', 'git' instead of ['vim', 'git'].",
    );
  });

  it('stays silent on what flyte accepts and on unknown values', () => {
    const silent = [
      call('with_pip_packages', ['a', 'b'], { extra_index_urls: ['https://a'] }), // made a tuple
      call('with_requirements', ['r.txt'], { extra_index_urls: ['https://a'] }),
      call('with_commands', [['ls', 'pwd']]),
      call('with_poetry_project', ['pyproject.toml'], { poetry_lock: [] }), // `[] or default`
      call('with_pip_packages', [{ unknown: 'PKGS' }]),
    ];
    for (const c of silent) expect(listProblem(bound(call('from_debian_base'), c)[1])).toBeUndefined();
  });
});
