import { describe, expect, it } from 'vitest';
import { covered, lintSource, only } from './helpers/lint';

const H = 'from flytekit import ImageSpec\n';
const lint = (src: string, file?: string) => lintSource(src, { file, select: ['IS507'] });
const spec = (b: string) => `${H}img = ImageSpec(name="etl", base_image="${b}")\n`;
const START = 'img = ImageSpec(name="etl", base_image="'.length;

describe('IS507 base_image reference', () => {
  it('underlines the offending part of the reference', () => {
    const out = lint(spec('python:3.11 slim'));
    const fs = only(out, 'IS507');
    expect(fs).toHaveLength(1);
    const [f] = fs;
    expect(f.severity).toBe('error');
    expect(f.range).toEqual({ start: { line: 1, character: START + 11 }, end: { line: 1, character: START + 12 } });
    expect(f.message).toBe(
      'base_image "python:3.11 slim" is not a valid image reference: a space is not allowed in a tag (letters, digits, "_", "." and "-"). The build fails with "invalid reference format"; write it as [HOST/]PATH[:TAG][@DIGEST], e.g. "python:3.11-slim"',
    );
    expect(f.fixes).toEqual([]);
  });

  it('reports scheme, uppercase path, empty tag and bad digests', () => {
    const cases: Array<[string, string]> = [
      ['https://ghcr.io/org/img:1', 'https://'],
      ['ghcr.io/Org/img', 'O'],
      ['python:', ':'],
      ['img@sha256:abc', 'abc'],
      ['ghcr.io/org//img', '/'],
    ];
    for (const [ref, under] of cases) {
      const out = lint(spec(ref));
      const fs = only(out, 'IS507');
      expect(fs, ref).toHaveLength(1);
      expect(covered(out, fs[0]), ref).toBe(under);
    }
  });

  it('is clean for valid references, a nested spec, an empty string and no base_image', () => {
    const hex = 'f'.repeat(64);
    for (const b of ['python:3.11-slim', 'ghcr.io/flyteorg/flytekit:py3.11-1.10.2', 'localhost:30000/base:v1', `debian@sha256:${hex}`, 'nvidia/cuda:12.1.1-runtime-ubuntu22.04', 'Registry.io/org/img']) {
      expect(only(lint(spec(b)), 'IS507'), b).toEqual([]);
    }
    expect(only(lint(spec('')), 'IS507')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(base_image=ImageSpec(name="base"))\n`), 'IS507')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(name="etl")\n`), 'IS507')).toEqual([]);
  });

  it('checks a nested spec\'s own base_image', () => {
    const out = lint(`${H}img = ImageSpec(base_image=ImageSpec(name="base", base_image="Python:3"))\n`);
    expect(only(out, 'IS507').map((f) => covered(out, f))).toEqual(['P']);
  });

  it('stays silent on unknown values', () => {
    expect(only(lint(`${H}img = ImageSpec(base_image=f"python:{ver} slim")\n`), 'IS507')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(base_image=BASES[0])\n`), 'IS507')).toEqual([]);
  });

  it('names the env default', () => {
    const out = lint(`import os\n${H}img = ImageSpec(base_image=os.getenv("BASE", "Python"))\n`);
    expect(only(out, 'IS507')[0].message).toContain('base_image "Python" (the default of $BASE) is not a valid image reference: the repository path must be lowercase');
  });

  it('YAML: exact ranges in plain and quoted scalars', () => {
    const out = lint('name: etl\nbase_image: python:3.11 slim\n', 'spec.yaml');
    const [f] = only(out, 'IS507');
    expect(f.range).toEqual({ start: { line: 1, character: 23 }, end: { line: 1, character: 24 } });
    expect(covered(out, f)).toBe(' ');
    const q = lint('base_image: "https://ghcr.io/x"\n', 'spec.yaml');
    expect(only(q, 'IS507')[0].range).toEqual({ start: { line: 0, character: 13 }, end: { line: 0, character: 21 } });
    expect(only(lint('base_image: python:3.11-slim\n', 'spec.yaml'), 'IS507')).toEqual([]);
  });
});
