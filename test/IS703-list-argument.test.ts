import { describe, expect, it } from 'vitest';
import { listMessage, listProblem } from '../rules/IS703-list-argument';
import { imageUri } from '../server/flyte/uri';
import { bound, call } from './helpers/flyteChain';
import { applyFix, covered, lintSource, only } from './helpers/lint';

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

const HEAD = 'import flyte\n';

describe('IS703 through the linter', () => {
  it('reports the list with the SDK TypeError and spreads it', () => {
    const src = HEAD + 'image = flyte.Image.from_debian_base().with_pip_packages(["pandas", "numpy"])\n';
    const out = lintSource(src, { select: ['IS703'] });
    const [f] = only(out, 'IS703');
    expect(f.severity).toBe('error');
    expect(covered(out, f)).toBe('["pandas", "numpy"]');
    expect(f.message).toBe(
      "`with_pip_packages` gets a list where flyte wants separate arguments: importing the module raises TypeError: PipPackages field 'packages' contains a list at index 0: ['pandas', 'numpy']. " +
        "Hint: Pass items as separate arguments, e.g., 'vim', 'git' instead of ['vim', 'git'].",
    );
    expect(f.fixes[0].safe).toBe(true);
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = flyte.Image.from_debian_base().with_pip_packages("pandas", "numpy")\n');
  });

  it('writes extra_index_urls of with_uv_project as a tuple, and spreads a constant', () => {
    const src = HEAD + 'PKGS = ["a", "b"]\nu = flyte.Image.from_debian_base().with_uv_project("pyproject.toml", extra_index_urls=["https://x"])\np = flyte.Image.from_debian_base().with_apt_packages(PKGS)\n';
    const out = lintSource(src, { select: ['IS703'] });
    const [u, p] = only(out, 'IS703');
    expect(applyFix(out, u.fixes[0])).toContain('extra_index_urls=("https://x",))');
    expect(applyFix(out, p.fixes[0])).toContain('with_apt_packages(*PKGS)');
  });

  it('stays silent on separate arguments and on lists flyte makes tuples (near-miss)', () => {
    const src = HEAD + 'image = flyte.Image.from_debian_base().with_pip_packages("pandas", "numpy", extra_index_urls=["https://x"])\n';
    expect(only(lintSource(src, { select: ['IS703'] }), 'IS703')).toEqual([]);
  });
});
