import { describe, expect, it } from 'vitest';
import { covered, lintSource, only } from './helpers/lint';

const HEAD = 'from flytekit import ImageSpec\n';
const REJECT = `flytekit raises ValueError ("Absolute paths or paths with '..' are not allowed in COPY command.")`;

describe('IS404 copy entries', () => {
  it('reports absolute and `..` entries as errors, on the entry', () => {
    const src = HEAD + 'image = ImageSpec(name="etl", copy=["/etc/app.cfg", "../shared/x.yaml", "src/ok.py"])\n';
    const out = lintSource(src, { select: ['IS404'], files: { 'src/ok.py': '' } });
    const fs = only(out, 'IS404');
    expect(fs.map((f) => covered(out, f))).toEqual(['"/etc/app.cfg"', '"../shared/x.yaml"']);
    expect(fs.map((f) => f.severity)).toEqual(['error', 'error']);
    expect(fs[0].range).toEqual({ start: { line: 1, character: 36 }, end: { line: 1, character: 50 } });
    expect(fs[0].message).toBe(`copy entry \`/etc/app.cfg\` is an absolute path: ${REJECT}. Use a path relative to the project root, where pyflyte runs`);
    expect(fs[1].message).toBe(
      `copy entry \`../shared/x.yaml\` contains \`..\`: ${REJECT}. Move the file under the project root, where pyflyte runs, or run pyflyte from a folder that contains it`,
    );
    expect(fs.every((f) => f.fixes.length === 0)).toBe(true);
  });

  it('warns about missing entries, including those added by .with_copy()', () => {
    const src = HEAD + 'image = ImageSpec(copy=["data/model.bin"]).with_copy("conf").with_copy(src=["a/../b", "present.txt"])\n';
    const out = lintSource(src, { select: ['IS404'], files: { 'present.txt': 'x', 'conf/': '' } });
    const fs = only(out, 'IS404');
    expect(fs.map((f) => [covered(out, f), f.severity])).toEqual([
      ['"data/model.bin"', 'warning'],
      ['"a/../b"', 'error'],
    ]);
    expect(fs[0].message).toBe(
      `copy entry \`data/model.bin\` does not exist (looked for \`data/model.bin\` from the project root, where pyflyte runs): ` +
        'the build fails when it copies it. Fix the path or create the file before building',
    );
  });

  it('is clean for existing relative files and folders and names that merely contain dots', () => {
    const src = HEAD + 'image = ImageSpec(copy=["src", "a..b.txt", "./cfg/x.yaml"])\n';
    const out = lintSource(src, { select: ['IS404'], files: { 'src/': '', 'a..b.txt': '', 'cfg/x.yaml': '' } });
    expect(only(out, 'IS404')).toEqual([]);
  });

  it('ignores unknown entries and values', () => {
    const cases = [
      'image = ImageSpec(copy=[helper(), CONFIG_DIR])\n',
      'image = ImageSpec(copy=files())\n',
      'image = ImageSpec().with_copy(paths)\n',
      'image = ImageSpec(copy=[f"{root}/x"])\n',
    ];
    for (const c of cases) expect(only(lintSource(HEAD + c, { select: ['IS404'] }), 'IS404'), c).toEqual([]);
  });
});
