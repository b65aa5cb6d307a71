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
