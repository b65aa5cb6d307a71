import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';

const HEAD = 'from flytekit import ImageSpec\n';

describe('IS000 unused suppression (opt-in)', () => {
  it('reports a directive that suppresses nothing, on the directive, with a fix that removes it', () => {
    const src = HEAD + 'image = ImageSpec(name="etl", registry="ghcr.io/acme")  # imagespec: ignore[IS301]\n';
    const out = lintSource(src, { select: ['IS000', 'IS301'] });
    const [f, ...rest] = only(out, 'IS000');
    expect(rest).toEqual([]);
    expect(f.severity).toBe('warning');
    expect(covered(out, f)).toBe('# imagespec: ignore[IS301]');
    expect(f.message).toBe('Unused suppression: IS301 matches no finding on this line; remove it so it cannot hide a future finding');
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = ImageSpec(name="etl", registry="ghcr.io/acme")\n');
  });

  it('keeps the codes that still suppress a finding', () => {
    const src = HEAD + 'image = ImageSpec(name="etl", registry="gcr.io/acme")  # imagespec: ignore[IS107,IS301]\n';
    const out = lintSource(src, { select: ['IS000', 'IS107', 'IS301'] });
    const [f] = only(out, 'IS000');
    expect(f.message).toBe('Unused suppression: IS301 matches no finding on this line; remove it so it cannot hide a future finding');
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = ImageSpec(name="etl", registry="gcr.io/acme")  # imagespec: ignore[IS107]\n');
    expect(only(out, 'IS107')).toEqual([]);
  });

  it('is silent when the directive is used, and when IS000 is not selected by its exact code', () => {
    const used = HEAD + 'image = ImageSpec(name="etl", registry="gcr.io/acme")  # imagespec: ignore[IS107]\n';
    expect(only(lintSource(used, { select: ['IS000', 'IS107'] }), 'IS000')).toEqual([]);
    const stale = HEAD + 'image = ImageSpec(name="etl", registry="ghcr.io/acme")  # imagespec: ignore[IS301]\n';
    expect(only(lintSource(stale, { select: ['IS'] }), 'IS000')).toEqual([]);
  });
});

describe('IS000 codes no rule has (reported unless IS000 is ignored or left out)', () => {
  it('reports a misspelt code with the code it most likely meant, without selecting IS000', () => {
    const src = HEAD + 'image = ImageSpec(name="etl", pacakges=["x"])  # imagespec: ignore[IS5O1]\n';
    const out = lintSource(src);
    const [f, ...rest] = only(out, 'IS000');
    expect(rest).toEqual([]);
    expect(f.severity).toBe('warning');
    expect(covered(out, f)).toBe('# imagespec: ignore[IS5O1]');
    expect(f.message).toBe('Suppression names unknown rule IS5O1 (did you mean IS501?): it suppresses nothing');
    // The finding it meant to hide is still there.
    expect(only(out, 'IS501')).toHaveLength(1);
    expect(f.fixes.map((x) => [x.title, x.safe, x.preferred])).toEqual([
      ['Replace IS5O1 with IS501', false, true],
      ['Remove the suppression', true, false],
    ]);
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = ImageSpec(name="etl", pacakges=["x"])  # imagespec: ignore[IS501]\n');
    expect(applyFix(out, f.fixes[1])).toBe(HEAD + 'image = ImageSpec(name="etl", pacakges=["x"])\n');
  });

  it('reports a prefix (a directive names exact codes) and keeps the known codes of the directive', () => {
    const src = HEAD + 'image = ImageSpec(name="etl", pacakges=["x"])  # imagespec: ignore[IS501,IS6]\n';
    const out = lintSource(src);
    const [f] = only(out, 'IS000');
    expect(f.message).toBe('Suppression names IS6, a prefix (a suppression names exact codes; did you mean IS601?): it suppresses nothing');
    expect(applyFix(out, f.fixes.find((x) => x.safe)!)).toBe(HEAD + 'image = ImageSpec(name="etl", pacakges=["x"])  # imagespec: ignore[IS501]\n');
    const many = lintSource(HEAD + '# imagespec: ignore-file[IS5]\nimage = ImageSpec(name="etl")\n');
    expect(only(many, 'IS000').map((x) => x.message)).toEqual(['Suppression names IS5, a prefix (a suppression names exact codes): it suppresses nothing']);
  });

  it('is not reported as unused too when IS000 is selected, and is silent when IS000 is ignored or left out', () => {
    const src = HEAD + 'image = ImageSpec(name="etl")  # imagespec: ignore[IS1011]\n';
    expect(only(lintSource(src, { select: ['IS000', 'IS501'] }), 'IS000').map((f) => f.message)).toEqual(['Suppression names unknown rule IS1011 (did you mean IS101?): it suppresses nothing']);
    expect(only(lintSource(src, { config: { ignore: ['IS000'] } }), 'IS000')).toEqual([]);
    expect(only(lintSource(src, { select: ['IS5'] }), 'IS000')).toEqual([]);
  });
});
