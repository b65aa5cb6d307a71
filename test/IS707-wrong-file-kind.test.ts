import { describe, expect, it } from 'vitest';
import { kindProblem } from '../rules/IS707-wrong-file-kind';
import { covered, lintSource, only } from './helpers/lint';
import { bound, call } from './helpers/flyteChain';

const HEAD = 'import flyte\n';

describe('IS707 wrong file kind', () => {
  it('judges names: requirements without .txt, scripts without .py, misnamed pixi manifests', () => {
    expect(kindProblem(bound(call('from_debian_base'), call('with_requirements', ['uv.lock']))[1])).toMatchObject({ kind: 'requirements', file: 'uv.lock' });
    expect(kindProblem(bound(call('from_uv_script', ['a.txt'], { name: 'x' }))[0])).toMatchObject({ kind: 'uv-script' });
    expect(kindProblem(bound(call('from_debian_base'), call('with_pixi_project', ['env/manifest.toml']))[1])).toMatchObject({ kind: 'pixi-manifest' });
    expect(kindProblem(bound(call('from_debian_base'), call('with_requirements', [{ path: 'requirements.txt' }]))[1])).toBeUndefined();
    expect(kindProblem(bound(call('from_debian_base'), call('with_pixi_project', ['env/pixi.toml']))[1])).toBeUndefined();
  });

  it('reports with_requirements("uv.lock") with the import-time ValueError', () => {
    const out = lintSource(HEAD + 'image = flyte.Image.from_debian_base(name="etl").with_requirements("uv.lock")\n', { select: ['IS707'] });
    const [f] = only(out, 'IS707');
    expect(covered(out, f)).toBe('"uv.lock"');
    expect(f.message).toBe('`with_requirements` takes a `.txt` requirements file: importing the module raises ValueError: Requirements file uv.lock must have a .txt extension');
  });

  it('reports a script without .py only when flyte gets to the check (the file reads, its header parses)', () => {
    const header = '# /// script\n# dependencies = []\n# ///\n';
    const src = HEAD + 'image = flyte.Image.from_uv_script("agent.txt", name="agent", python_version=(3, 12))\n';
    expect(only(lintSource(src, { select: ['IS707'], files: { 'agent.txt': header } }), 'IS707')[0].message).toBe(
      '`from_uv_script` takes a `.py` script: building the image raises ValueError: UV script agent.txt must have a .py extension',
    );
    expect(only(lintSource(src, { select: ['IS707'], files: { 'agent.txt': 'print(1)\n' } }), 'IS707')).toEqual([]);
    expect(only(lintSource(src, { select: ['IS707'] }), 'IS707')).toEqual([]);
  });

  it('stays silent on a .txt requirements file (near-miss)', () => {
    expect(only(lintSource(HEAD + 'image = flyte.Image.from_debian_base(name="etl").with_requirements("requirements.txt")\n', { select: ['IS707'] }), 'IS707')).toEqual([]);
  });
});
