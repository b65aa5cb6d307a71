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
