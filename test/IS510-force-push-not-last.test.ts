import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';

const HEAD = 'from flytekit import ImageSpec\n';

describe('IS510 force_push before with_*', () => {
  it('reports force_push() followed by with_packages and moves it last', () => {
    const src = HEAD + 'image = ImageSpec(name="etl").force_push().with_packages(["pandas"])\n';
    const out = lintSource(src, { select: ['IS510'] });
    const fs = only(out, 'IS510');
    expect(fs).toHaveLength(1);
    const [f] = fs;
    expect(f.severity).toBe('warning');
    expect(f.range).toEqual({ start: { line: 1, character: 29 }, end: { line: 1, character: 42 } });
    expect(covered(out, f)).toBe('.force_push()');
    expect(f.message).toBe(
      '`.force_push()` has no effect here: `.with_packages(...)` after it returns a new ImageSpec without the flag, so an existing image is not rebuilt. Call `.force_push()` last',
    );
    expect(f.fixes).toHaveLength(1);
    expect(f.fixes[0]).toMatchObject({ preferred: true, safe: true });
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = ImageSpec(name="etl").with_packages(["pandas"]).force_push()\n');
  });

  it('keeps the layout of a multi-line chain', () => {
    const src =
      HEAD +
      'image = (\n    ImageSpec(name="etl")\n    .force_push()\n    .with_apt_packages(["git"])\n    .with_commands(["echo hi"])\n)\n';
    const out = lintSource(src, { select: ['IS510'] });
    const [f] = only(out, 'IS510');
    expect(f.message).toContain('`.with_apt_packages(...)`, `.with_commands(...)` after it return new ImageSpecs');
    expect(applyFix(out, f.fixes[0])).toBe(
      HEAD + 'image = (\n    ImageSpec(name="etl")\n    .with_apt_packages(["git"])\n    .with_commands(["echo hi"])\n    .force_push()\n)\n',
    );
  });

  it('is clean when force_push() is last or absent', () => {
    const cases = [
      'image = ImageSpec().with_packages(["a"]).force_push()\n',
      'image = ImageSpec().force_push().with_packages(["a"]).force_push()\n',
      'image = ImageSpec().force_push()\n',
      'image = ImageSpec().with_packages(["a"])\n',
      'image = ImageSpec(packages=pkgs()).force_push()\n',
    ];
    for (const c of cases) expect(only(lintSource(HEAD + c, { select: ['IS510'] }), 'IS510'), c).toEqual([]);
  });

  it('judges the chain, whatever the arguments: unknown values do not matter', () => {
    const out = lintSource(HEAD + 'image = ImageSpec(**cfg).force_push().with_copy(files())\n', { select: ['IS510'] });
    expect(only(out, 'IS510')).toHaveLength(1);
    expect(applyFix(out, only(out, 'IS510')[0].fixes[0])).toBe(HEAD + 'image = ImageSpec(**cfg).with_copy(files()).force_push()\n');
  });
});
