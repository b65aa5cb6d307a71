import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';
import { LineIndex, type Range } from '../server/model/position';

const H = 'from flytekit import ImageSpec\n';
const lint = (src: string, file?: string) => lintSource(src, { file, select: ['IS503'] });
/** The range of `needle` (or of `len` characters from `skip` inside it) in `text`. */
function rangeOf(text: string, needle: string, skip = 0, len = needle.length - skip): Range {
  const i = text.indexOf(needle) + skip;
  if (i < 0) throw new Error(`${needle} not in text`);
  const idx = new LineIndex(text);
  return { start: idx.positionAt(i), end: idx.positionAt(i + len) };
}

describe('IS503 image name invalid', () => {
  it('underlines the offending characters and offers a normalized name', () => {
    const src = `${H}img = ImageSpec(name="my etl", registry="ghcr.io/acme")\n`;
    const out = lint(src);
    const [f] = only(out, 'IS503');
    expect(only(out, 'IS503')).toHaveLength(1);
    expect(f.severity).toBe('error');
    expect(f.range).toEqual(rangeOf(src, '"my etl"', 3, 1));
    expect(covered(out, f)).toBe(' ');
    expect(f.message).toBe(
      'name "my etl" is not a valid image name: a space is not allowed (path components take lowercase letters, digits and the separators ".", "_", "__" or dashes). The image is tagged NAME:TAG, so `docker build` fails with "invalid reference format"; use `my-etl`',
    );
    expect(f.fixes).toHaveLength(1);
    expect(f.fixes[0]).toMatchObject({ title: 'Use name `my-etl`', preferred: true, safe: false });
    expect(applyFix(out, f.fixes[0])).toBe(`${H}img = ImageSpec(name="my-etl", registry="ghcr.io/acme")\n`);
  });

  it('a tag in the name: points at the ":" and at tag_format', () => {
    const src = `${H}img = ImageSpec(name="Etl:v1")\n`;
    const out = lint(src);
    const [f] = only(out, 'IS503');
    expect(f.range).toEqual(rangeOf(src, ':v1', 0, 1));
    expect(f.message).toBe(
      'name "Etl:v1" is not a valid image name (after lowercasing): ":" is not allowed (path components take lowercase letters, digits and the separators ".", "_", "__" or dashes). The image is tagged NAME:TAG, so `docker build` fails with "invalid reference format"; the tag is computed by flytekit (shape it with `tag_format`); use `etl-v1`',
    );
    expect(applyFix(out, f.fixes[0])).toBe(`${H}img = ImageSpec(name="etl-v1")\n`);
  });

  it('separator problems and empty components', () => {
    const cases: Array<[string, string, string]> = [
      ['a..b', '..', 'a.b'],
      ['-etl', '-', 'etl'],
      ['org/etl/', '/', 'org/etl'],
      ['a___b', '___', 'a_b'],
    ];
    for (const [name, under, fixed] of cases) {
      const out = lint(`${H}img = ImageSpec(name="${name}")\n`);
      const [f] = only(out, 'IS503');
      expect(covered(out, f), name).toBe(under);
      expect(applyFix(out, f.fixes[0]), name).toBe(`${H}img = ImageSpec(name="${fixed}")\n`);
    }
  });

  it('an empty name or one with nothing valid has no fix', () => {
    const out = lint(`${H}img = ImageSpec(name="")\n`);
    const [f] = only(out, 'IS503');
    expect(covered(out, f)).toBe('""');
    expect(f.message).toContain('the image name is empty');
    expect(f.fixes).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(name="!!")\n`), 'IS503')[0].fixes).toEqual([]);
  });

  it('a non-string name raises AttributeError', () => {
    const out = lint(`${H}img = ImageSpec(name=None)\n`);
    const [f] = only(out, 'IS503');
    expect(covered(out, f)).toBe('None');
    expect(f.message).toBe('name must be a string: flytekit calls `name.lower()`, which raises AttributeError on None when the spec is created. Quote it or remove it (the default name is "flytekit")');
  });

  it('names the env default', () => {
    const out = lint(`import os\n${H}img = ImageSpec(name=os.environ.get("IMG", "my img"))\n`);
    expect(only(out, 'IS503')[0].message).toContain('name "my img" (the default of $IMG) is not a valid image name');
  });

  it('is clean for valid names, uppercase (IS102 warns; flytekit lowercases) and no name', () => {
    for (const n of ['etl', 'my-org/etl_v2', 'a__b.c---d', 'MyApp']) {
      expect(only(lint(`${H}img = ImageSpec(name="${n}")\n`), 'IS503'), n).toEqual([]);
    }
    expect(only(lint(`${H}img = ImageSpec(packages=["x"])\n`), 'IS503')).toEqual([]);
  });

  it('stays silent on unknown values', () => {
    expect(only(lint(`${H}img = ImageSpec(name=f"etl-{user}")\n`), 'IS503')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(name=compute())\n`), 'IS503')).toEqual([]);
  });

  it('YAML: exact range inside a plain scalar and a fix in YAML syntax', () => {
    const src = 'name: my etl\nregistry: ghcr.io/acme\n';
    const out = lint(src, 'spec.yaml');
    const [f] = only(out, 'IS503');
    expect(f.range).toEqual({ start: { line: 0, character: 8 }, end: { line: 0, character: 9 } });
    expect(applyFix(out, f.fixes[0])).toBe('name: my-etl\nregistry: ghcr.io/acme\n');
    const q = lint("name: 'a..b'\n", 'spec.yaml');
    const [g] = only(q, 'IS503');
    expect(g.range).toEqual({ start: { line: 0, character: 8 }, end: { line: 0, character: 10 } });
    expect(applyFix(q, g.fixes[0])).toBe("name: 'a.b'\n");
    expect(only(lint('name: etl\n', 'spec.yaml'), 'IS503')).toEqual([]);
  });
});
