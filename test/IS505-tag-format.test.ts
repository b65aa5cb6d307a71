import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';
import { scanFormat } from '../rules/IS505-tag-format';

const H = 'from flytekit import ImageSpec\n';
const lint = (src: string, file?: string) => lintSource(src, { file, select: ['IS505'] });
const spec = (fmt: string) => `${H}img = ImageSpec(name="etl", tag_format="${fmt}")\n`;
const START = 'img = ImageSpec(name="etl", tag_format="'.length;

describe('IS505 tag_format', () => {
  it('W without {spec_hash}, with the append fix', () => {
    const out = lint(spec('dev'));
    const fs = only(out, 'IS505');
    expect(fs).toHaveLength(1);
    const [f] = fs;
    expect(f.severity).toBe('warning');
    expect(f.range).toEqual({ start: { line: 1, character: START }, end: { line: 1, character: START + 3 } });
    expect(f.message).toBe(
      'tag_format "dev" has no `{spec_hash}`: every build gets the same tag, so once it exists flytekit never rebuilds and a changed spec runs on the old image. Add `{spec_hash}`, e.g. "dev-{spec_hash}"',
    );
    expect(f.fixes).toHaveLength(1);
    expect(f.fixes[0]).toMatchObject({ title: 'Append `-{spec_hash}`', preferred: true, safe: false });
    expect(applyFix(out, f.fixes[0])).toBe(spec('dev-{spec_hash}'));
  });

  it('E for another placeholder, underlining it, with a did-you-mean for a typo', () => {
    const out = lint(spec('{spec_hsh}-dev'));
    const [f] = only(out, 'IS505');
    expect(f.severity).toBe('error');
    expect(covered(out, f)).toBe('{spec_hsh}');
    expect(f.range.start.character).toBe(START);
    expect(f.message).toBe(
      'tag_format "{spec_hsh}-dev" uses `{spec_hsh}`, but flytekit formats it with spec_hash only: computing the tag raises KeyError: \'spec_hsh\', so every build and registration fails; did you mean `{spec_hash}`?',
    );
    expect(applyFix(out, f.fixes[0])).toBe(spec('{spec_hash}-dev'));
  });

  it('E for every extra placeholder, positional ones included, without a typo fix when spec_hash is there', () => {
    const out = lint(spec('{spec_hash}-{version}-{}'));
    const fs = only(out, 'IS505');
    expect(fs.map((f) => [covered(out, f), f.severity, f.fixes.length])).toEqual([
      ['{version}', 'error', 0],
      ['{}', 'error', 0],
    ]);
    expect(fs[1].message).toContain('raises IndexError (there are no positional arguments)');
    expect(fs[0].message).toContain('. Only `{spec_hash}` is available');
  });

  it('E for unbalanced braces', () => {
    const out = lint(spec('{spec_hash}}'));
    const [f] = only(out, 'IS505');
    expect(f.severity).toBe('error');
    expect(f.range.start.character).toBe(START + 11);
    expect(f.message).toBe(
      'tag_format "{spec_hash}}" is not a valid format string: a single "}" raises ValueError ("Single \'}\' encountered in format string"); write "}}" for a literal brace. Computing the tag fails, so every build and registration fails',
    );
    const open = lint(spec('v-{spec_hash'));
    expect(covered(open, only(open, 'IS505')[0])).toBe('{');
  });

  it('E when the formatted tag is not a valid tag', () => {
    const out = lint(spec('{spec_hash}/dev'));
    const [f] = only(out, 'IS505');
    expect(f.severity).toBe('error');
    expect(covered(out, f)).toBe('/');
    expect(f.message).toBe('tag_format "{spec_hash}/dev" makes tags like "Ab0_Ab0_Ab0_Ab0_Ab0_Ab/dev", which is not a valid tag: "/" is not allowed in a tag (letters, digits, "_", "." and "-"). The build fails with "invalid reference format"');
  });

  it('is clean with {spec_hash}, escaped braces, an empty format and no tag_format', () => {
    for (const t of ['{spec_hash}', '{spec_hash}-dev', 'v2.{spec_hash}', '{spec_hash!s}']) expect(only(lint(spec(t)), 'IS505'), t).toEqual([]);
    expect(only(lint(spec('')), 'IS505')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(name="etl")\n`), 'IS505')).toEqual([]);
    expect(scanFormat('{{x}}-{spec_hash}')).toEqual({ placeholders: [{ name: 'spec_hash', start: 6, end: 17 }] });
  });

  it('stays silent on unknown values', () => {
    expect(only(lint(`${H}img = ImageSpec(tag_format=TAG_FORMATS[env])\n`), 'IS505')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(tag_format=f"{branch}-{{spec_hash}}")\n`), 'IS505')).toEqual([]);
  });

  it('reports the env default', () => {
    const out = lint(`import os\n${H}img = ImageSpec(tag_format=os.getenv("TAG", "latest"))\n`);
    expect(only(out, 'IS505')[0].message).toContain('tag_format "latest" (the default of $TAG) has no `{spec_hash}`');
  });

  it('YAML: quoted format strings keep their quotes in the fix', () => {
    const src = 'name: etl\ntag_format: "dev"\n';
    const out = lint(src, 'spec.yaml');
    const [f] = only(out, 'IS505');
    expect(f.range).toEqual({ start: { line: 1, character: 13 }, end: { line: 1, character: 16 } });
    expect(applyFix(out, f.fixes[0])).toBe('name: etl\ntag_format: "dev-{spec_hash}"\n');
    const e = lint("tag_format: '{version}'\n", 'spec.yaml');
    const [g] = only(e, 'IS505');
    expect(g.severity).toBe('error');
    expect(g.range).toEqual({ start: { line: 0, character: 13 }, end: { line: 0, character: 22 } });
    expect(only(lint("tag_format: '{spec_hash}-x'\n", 'spec.yaml'), 'IS505')).toEqual([]);
  });
});
