import { describe, expect, it } from 'vitest';
import { covered, lintSource, only } from './helpers/lint';

const HEAD = 'from flytekit import ImageSpec\n';

describe('IS405 source_root', () => {
  it('reports a missing folder on the value', () => {
    const src = HEAD + 'image = ImageSpec(name="etl", source_root="scr")\n';
    const out = lintSource(src, { select: ['IS405'], files: { 'src/': '' } });
    const fs = only(out, 'IS405');
    expect(fs).toHaveLength(1);
    const [f] = fs;
    expect(f.severity).toBe('error');
    expect(f.range).toEqual({ start: { line: 1, character: 42 }, end: { line: 1, character: 47 } });
    expect(covered(out, f)).toBe('"scr"');
    expect(f.message).toBe(
      `source_root \`scr\` does not exist (looked for \`scr\` from the project root, where pyflyte runs): ` +
        'none of your code is copied into the image, so tasks fail to import in the cluster. Point it at the folder that holds your Python packages',
    );
    expect(f.fixes).toEqual([]);
  });

  it('reports a file, and an empty string unless copying may be off', () => {
    const out = lintSource(HEAD + 'image = ImageSpec(source_root="main.py")\n', { select: ['IS405'] });
    expect(only(out, 'IS405')[0].message).toContain('source_root `main.py` is a file, not a folder');
    const empty = lintSource(HEAD + 'image = ImageSpec(source_root="")\n', { select: ['IS405'] });
    expect(only(empty, 'IS405').map((f) => f.message)).toEqual([
      'source_root is empty: an empty source_root still turns on copying of loaded modules, and flytekit then raises ValueError ("Field source_root ... must be set when copy is set"). Set it to the folder with your code, or remove it',
    ]);
    const noCopy = lintSource(HEAD + 'from flytekit.constants import CopyFileDetection\nimage = ImageSpec(source_root="", source_copy_mode=CopyFileDetection.NO_COPY)\n', { select: ['IS405'] });
    expect(only(noCopy, 'IS405')).toEqual([]);
  });

  it('is clean for an existing folder, "." and unknown values', () => {
    const files = { 'src/pkg/__init__.py': '' };
    expect(only(lintSource(HEAD + 'image = ImageSpec(source_root="src")\n', { select: ['IS405'], files }), 'IS405')).toEqual([]);
    expect(only(lintSource(HEAD + 'image = ImageSpec(source_root=".")\n', { select: ['IS405'] }), 'IS405')).toEqual([]);
    expect(only(lintSource(HEAD + 'image = ImageSpec(source_root=str(ROOT))\n', { select: ['IS405'] }), 'IS405')).toEqual([]);
  });
});
