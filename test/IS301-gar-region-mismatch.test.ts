import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';

const HEAD = 'from flytekit import ImageSpec\n';
const DP = { dataplane: { region: 'us-east1' } };

describe('IS301 GAR location vs data plane region', () => {
  it('reports another region on the location segment and offers the data plane region', () => {
    const src = HEAD + 'image = ImageSpec(name="etl", registry="europe-west1-docker.pkg.dev/my-project/images")\n';
    const out = lintSource(src, { select: ['IS301'], config: DP });
    const fs = only(out, 'IS301');
    expect(fs).toHaveLength(1);
    const [f] = fs;
    expect(f.severity).toBe('warning');
    expect(f.range).toEqual({ start: { line: 1, character: 40 }, end: { line: 1, character: 52 } });
    expect(covered(out, f)).toBe('europe-west1');
    expect(f.message).toBe(
      'Artifact Registry region `europe-west1` is not the data plane region `us-east1`: every task start pulls the image across regions (slower starts, egress charges). ' +
        'Push to a repository in `us-east1` or in the `us` multi-region',
    );
    expect(f.fixes.map((x) => [x.title, x.preferred, x.safe])).toEqual([['Push to `us-east1`, the data plane region', true, false]]);
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/images")\n');
  });

  it('reports a multi-region that does not contain the region, and regional endpoints', () => {
    const out = lintSource(HEAD + 'a = ImageSpec(registry="europe-docker.pkg.dev/p1-proj/r")\nb = ImageSpec(registry="docker.us-west1.rep.pkg.dev/p1-proj/r")\n', {
      select: ['IS301'],
      config: DP,
    });
    const fs = only(out, 'IS301');
    expect(fs.map((f) => covered(out, f))).toEqual(['europe', 'us-west1']);
    expect(fs[0].message).toContain('Artifact Registry multi-region `europe` is not the data plane region `us-east1`');
    expect(applyFix(out, fs[1].fixes[0])).toContain('registry="docker.us-east1.rep.pkg.dev/p1-proj/r"');
  });

  it('London is not in the `europe` multi-region; names env defaults', () => {
    const src = HEAD + 'import os\nimage = ImageSpec(registry=os.getenv("REG", "europe-docker.pkg.dev/p1-proj/r"))\n';
    const out = lintSource(src, { select: ['IS301'], config: { dataplane: { region: 'europe-west2' } } });
    const [f] = only(out, 'IS301');
    expect(f.message).toBe(
      'Artifact Registry multi-region `europe` (the default of $REG) is not the data plane region `europe-west2`: every task start pulls the image across regions (slower starts, egress charges). Push to a repository in `europe-west2`',
    );
    expect(applyFix(out, f.fixes[0])).toContain('os.getenv("REG", "europe-west2-docker.pkg.dev/p1-proj/r")');
  });

  it('is clean for the same region, a containing multi-region, other hosts and unknown values', () => {
    const cases = [
      'image = ImageSpec(registry="us-east1-docker.pkg.dev/p1-proj/r")\n',
      'image = ImageSpec(registry="us-docker.pkg.dev/p1-proj/r")\n',
      'image = ImageSpec(registry="ghcr.io/acme")\n',
      'image = ImageSpec(registry="us-east-1-docker.pkg.dev/p1-proj/r")\n', // unknown location: IS104
      'image = ImageSpec(registry=f"{LOC}-docker.pkg.dev/p1-proj/r")\n',
      'image = ImageSpec(registry=registry())\n',
    ];
    for (const c of cases) expect(only(lintSource(HEAD + c, { select: ['IS301'], config: DP }), 'IS301'), c).toEqual([]);
  });

  it('needs a Google Cloud data plane region', () => {
    const src = HEAD + 'image = ImageSpec(registry="europe-west1-docker.pkg.dev/p1-proj/r")\n';
    expect(only(lintSource(src, { select: ['IS301'] }), 'IS301')).toEqual([]);
    expect(only(lintSource(src, { select: ['IS301'], config: { dataplane: { region: 'us-east-1', provider: 'aws' } } }), 'IS301')).toEqual([]);
    expect(only(lintSource(src, { select: ['IS301'], config: { dataplane: { region: 'us-east1', provider: 'gcp' } } }), 'IS301')).toHaveLength(1);
  });
});
