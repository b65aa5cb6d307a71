import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';

describe('IS501 unknown keyword', () => {
  it('reports a typo with the exact name range and a rename fix', () => {
    const src = 'from flytekit import ImageSpec\nimage = ImageSpec(name="etl", pacakges=["pandas"])\n';
    const out = lintSource(src, { select: ['IS501'] });
    const [f] = only(out, 'IS501');
    expect(only(out, 'IS501')).toHaveLength(1);
    expect(f.range).toEqual({ start: { line: 1, character: 30 }, end: { line: 1, character: 38 } });
    expect(covered(out, f)).toBe('pacakges');
    expect(f.severity).toBe('error');
    expect(f.message).toBe('ImageSpec has no field `pacakges`: importing this module raises TypeError; did you mean `packages`?');
    expect(f.fixes[0].safe).toBe(true);
    expect(applyFix(out, f.fixes[0])).toBe('from flytekit import ImageSpec\nimage = ImageSpec(name="etl", packages=["pandas"])\n');
  });

  it('is clean for real fields, whatever their values', () => {
    const src = 'from flytekit import ImageSpec\nimage = ImageSpec(name=NAME, packages=get(), registry="ghcr.io/acme")\n';
    expect(only(lintSource(src, { select: ['IS501'] }), 'IS501')).toEqual([]);
  });

  it('reports unknown keywords even when the value is unknown, and offers no fix without a close field', () => {
    const src = 'import flytekit as fl\nspec = fl.ImageSpec(colour=some_call())\n';
    const out = lintSource(src, { select: ['IS501'] });
    const [f] = only(out, 'IS501');
    expect(covered(out, f)).toBe('colour');
    expect(f.fixes).toEqual([]);
    expect(f.message).toContain('see `imagespec-lint --explain IS501`');
  });

  it('does not fire inside strings or comments', () => {
    const src = 'from flytekit import ImageSpec\n# ImageSpec(bogus=1)\nx = "ImageSpec(bogus=1)"\n';
    expect(lintSource(src, { select: ['IS501'] }).findings).toEqual([]);
  });
});
