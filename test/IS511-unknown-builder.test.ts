import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';

const HEAD = 'from flytekit import ImageSpec\n';

describe('IS511 unknown builder', () => {
  it('reports a typo with the closest builder as fix', () => {
    const src = HEAD + 'image = ImageSpec(name="etl", builder="dfault")\n';
    const out = lintSource(src, { select: ['IS511'] });
    const fs = only(out, 'IS511');
    expect(fs).toHaveLength(1);
    const [f] = fs;
    expect(f.severity).toBe('warning');
    expect(f.range).toEqual({ start: { line: 1, character: 38 }, end: { line: 1, character: 46 } });
    expect(covered(out, f)).toBe('"dfault"');
    expect(f.message).toBe(
      'Unknown builder `dfault`: unless a plugin you install registers it, the build fails with AssertionError ("Image builder dfault is not registered."); did you mean `default`?',
    );
    expect(f.fixes.map((x) => [x.title, x.preferred, x.safe])).toEqual([['Use builder `default`', true, false]]);
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = ImageSpec(name="etl", builder="default")\n');
  });

  it('treats a case-only difference as a safe fix (names are case-sensitive)', () => {
    const out = lintSource(HEAD + "image = ImageSpec(builder='Envd')\n", { select: ['IS511'] });
    const [f] = only(out, 'IS511');
    expect(f.fixes.map((x) => [x.title, x.safe])).toEqual([['Use builder `envd`', true]]);
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + "image = ImageSpec(builder='envd')\n");
  });

  it('offers no fix for a far name, and reports an empty builder', () => {
    const out = lintSource(HEAD + 'image = ImageSpec(builder="kaniko")\n', { select: ['IS511'] });
    const [f] = only(out, 'IS511');
    expect(f.message).toBe(
      'Unknown builder `kaniko`: unless a plugin you install registers it, the build fails with AssertionError ("Image builder kaniko is not registered."). Known builders: default, noop, envd, union, unionai',
    );
    expect(f.fixes).toEqual([]);
    const empty = lintSource(HEAD + 'image = ImageSpec(builder="")\n', { select: ['IS511'] });
    expect(only(empty, 'IS511').map((x) => x.message)).toEqual([
      'builder is empty: flytekit looks up "" and fails with AssertionError ("Image builder  is not registered."). Remove `builder` to use the default, or name one of default, noop, envd, union, unionai',
    ]);
  });

  it('is clean for known builders, None and unknown values', () => {
    for (const c of ['"default"', '"noop"', '"envd"', '"union"', '"unionai"', 'None', 'os.environ["BUILDER"]', 'pick()']) {
      expect(only(lintSource(HEAD + `import os\nimage = ImageSpec(builder=${c})\n`, { select: ['IS511'] }), 'IS511'), c).toEqual([]);
    }
  });
});

describe('IS511 judges what the project registers', () => {
  const lint = (builder: string, files: Record<string, string>, file?: string) =>
    only(lintSource(HEAD + `image = ImageSpec(name="etl", builder="${builder}")\n`, { select: ['IS511'], files, file }), 'IS511').map((f) => f.message);

  it('flytekit\'s own builders by the pinned release: noop arrived in 1.15.4, default in 1.13.0', () => {
    expect(lint('noop', { 'requirements.txt': 'flytekit==1.14.6\n' })).toEqual([
      'Builder `noop` is not registered where this project runs: flytekit 1.14.6 (requirements.txt pins flytekit 1.14.6) registers no `noop` builder: it arrived in 1.15.4. The build fails with AssertionError ("Image builder noop is not registered.")',
    ]);
    expect(lint('noop', { 'requirements.txt': 'flytekit==1.15.4\n' })).toEqual([]);
    expect(lint('default', { 'pyproject.toml': '[project]\nname = "p"\ndependencies = ["flytekit==1.12.3"]\n' })[0]).toContain('registers no `default` builder: it arrived in 1.13.0');
    // Nothing pins flytekit: the newest release, which registers both.
    expect(lint('noop', {})).toEqual([]);
  });

  it('a plugin builder is judged only when a .venv or a lock file lists the whole environment', () => {
    const lock = (pkgs: string[]) => 'version = 1\n' + pkgs.map((p) => `\n[[package]]\nname = "${p.split('==')[0]}"\nversion = "${p.split('==')[1]}"\n`).join('');
    const pyproject = '[project]\nname = "p"\ndependencies = ["flytekit"]\n';
    expect(lint('envd', { 'pyproject.toml': pyproject, 'uv.lock': lock(['flytekit==1.16.3']) })).toEqual([
      'Builder `envd` is not registered where this project runs: it is registered by flytekitplugins-envd, and uv.lock locks flytekit but not it. The build fails with AssertionError ("Image builder envd is not registered.")',
    ]);
    expect(lint('envd', { 'pyproject.toml': pyproject, 'uv.lock': lock(['flytekit==1.16.3', 'flytekitplugins-envd==1.16.3']) })).toEqual([]);
    expect(lint('union', { 'pyproject.toml': pyproject, 'uv.lock': lock(['flytekit==1.16.3', 'union==0.1.180']) })).toEqual([]);
    const venv = { '.venv/lib/python3.12/site-packages/flytekit-1.16.3.dist-info/METADATA': '' };
    expect(lint('union', venv)[0]).toContain('it is registered by union or unionai, and .venv has flytekit but not either');
    // A requirements file may not name every package installed: silent.
    expect(lint('envd', { 'requirements.txt': 'flytekit==1.16.3\n' })).toEqual([]);
  });

  it('a package that registers a builder makes its name known', () => {
    expect(lint('fast-builder', { 'requirements.txt': 'imagespec-fast-builder\n' })).toEqual([]);
  });

  it('a project that registers its own builder: a far name is silent, a near-miss of a known one is still reported', () => {
    const files = { 'images/builders.py': 'from flytekit.image_spec.image_spec import ImageBuildEngine\nImageBuildEngine.register("kaniko", Kaniko())\n' };
    expect(lint('kaniko', files, 'images/wf.py')).toEqual([]);
    expect(lint('dfault', files, 'images/wf.py')).toHaveLength(1);
    expect(lint('kaniko', files, 'other/wf.py')).toHaveLength(1);
  });
});
