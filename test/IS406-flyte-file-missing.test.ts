import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileNeeds } from '../rules/IS406-flyte-file-missing';
import { applyFix, covered, lintSource, only } from './helpers/lint';
import { bound, call } from './helpers/flyteChain';

const HEAD = 'from pathlib import Path\nimport flyte\n';

describe('IS406 Flyte 2 file missing', () => {
  it('knows which paths each method reads, in the order flyte reads them', () => {
    expect(fileNeeds(bound(call('from_debian_base'), call('with_uv_project', [{ path: 'p/pyproject.toml' }], { uvlock: { path: 'p/uv.lock' } }))[1]).map((n) => n.written)).toEqual(['p/uv.lock', 'p/pyproject.toml']);
    expect(fileNeeds(bound(call('from_debian_base'), call('with_poetry_project', ['p/pyproject.toml']))[1]).map((n) => [n.written, n.besideOf])).toEqual([
      ['p/poetry.lock', 'p/pyproject.toml'],
      ['p/pyproject.toml', undefined],
    ]);
    expect(fileNeeds(bound(call('from_debian_base'), call('with_uv_project', ['p/pyproject.toml'], { project_install_mode: 'install_project' }))[1])).toEqual([]);
    expect(fileNeeds(bound(call('from_debian_base'), call('with_requirements', ['r.txt']))[1])).toEqual([]);
  });

  it('reports a missing pyproject with the FileNotFoundError of the build, and offers the close name', () => {
    const src = HEAD + 'image = flyte.Image.from_debian_base(name="etl").with_uv_project(pyproject_file=Path("proj/pyproject.tml"))\n';
    const out = lintSource(src, { select: ['IS406'], files: { 'proj/pyproject.toml': '[project]\nname = "x"\n' } });
    const [f] = only(out, 'IS406');
    expect(f.severity).toBe('error');
    expect(covered(out, f)).toBe('Path("proj/pyproject.tml")');
    expect(f.message).toBe(
      'The pyproject.toml of `with_uv_project` `proj/pyproject.tml` does not exist (looked for `proj/pyproject.tml` from the project root, where flyte runs): ' +
        "building the image raises FileNotFoundError: [Errno 2] No such file or directory: 'proj/pyproject.tml'",
    );
    expect(f.fixes.map((x) => [x.title, x.safe])).toEqual([['Use `proj/pyproject.toml`', false]]);
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = flyte.Image.from_debian_base(name="etl").with_uv_project(pyproject_file=Path("proj/pyproject.toml"))\n');
  });

  it('copied sources fail at build with ImageBuildError; a missing .dockerignore can be created', () => {
    const src = HEAD + 'base = flyte.Image.from_debian_base(name="etl")\na = base.with_source_folder(Path("scr"))\nb = base.with_dockerignore(Path(".dockerignore"))\n';
    const out = lintSource(src, { select: ['IS406'], files: { 'src/__init__.py': '' } });
    const [a, b] = only(out, 'IS406');
    expect(a.message).toBe(
      `The source folder of \`with_source_folder\` \`scr\` does not exist (looked for \`scr\` from the project root, where flyte runs): building the image raises ImageBuildError: Source folder scr does not exist`,
    );
    expect(applyFix(out, a.fixes[0])).toContain('with_source_folder(Path("src"))');
    expect(b.fixes.map((x) => x.title)).toEqual(['Create `.dockerignore`']);
    expect(b.fixes[0].createFile).toEqual({ path: path.join(out.dir, '.dockerignore'), content: '' });
  });

  it('finds paths from any working folder, and stays silent on files that exist or are optional (near-miss)', () => {
    const src =
      HEAD +
      'a = flyte.Image.from_debian_base(name="etl").with_uv_project(pyproject_file=Path("pyproject.toml"))\n' +
      'b = flyte.Image.from_dockerfile(Path(__file__).parent / "Dockerfile", registry="r", name="n")\n';
    const out = lintSource(src, { select: ['IS406'], file: 'app/main.py', files: { 'pyproject.toml': '', 'app/Dockerfile': 'FROM x\n' } });
    expect(only(out, 'IS406')).toEqual([]);
  });
});
