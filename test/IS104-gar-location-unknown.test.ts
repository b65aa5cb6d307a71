import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';

const PRE = 'from flytekit import ImageSpec\n';
const spec = (args: string): string => `${PRE}image = ImageSpec(${args})\n`;

describe('IS104 GAR location unknown', () => {
  it('underlines only the location and offers the respelled region as the safe preferred fix', () => {
    const out = lintSource(spec('registry="us-east-1-docker.pkg.dev/my-project/images"'), { select: ['IS104'] });
    const [f] = only(out, 'IS104');
    expect(only(out, 'IS104')).toHaveLength(1);
    expect(f.severity).toBe('error');
    expect(f.range).toEqual({ start: { line: 1, character: 28 }, end: { line: 1, character: 37 } });
    expect(covered(out, f)).toBe('us-east-1');
    expect(f.message).toBe(
      'Artifact Registry has no location `us-east-1` (AWS writes regions with a hyphen before the number; Google Cloud does not): the host `us-east-1-docker.pkg.dev` does not exist and the push fails; did you mean `us-east1`?',
    );
    expect(f.fixes[0]).toMatchObject({ title: 'Use location `us-east1`', preferred: true, safe: true });
    expect(f.fixes.slice(1).every((x) => !x.preferred && !x.safe)).toBe(true);
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="us-east1-docker.pkg.dev/my-project/images"'));
  });

  it('puts the data plane region first', () => {
    const out = lintSource(spec('registry="us-east-docker.pkg.dev/my-project/images"'), { select: ['IS104'], config: { dataplane: { region: 'us-east4' } } });
    const [f] = only(out, 'IS104');
    expect(covered(out, f)).toBe('us-east');
    expect(f.fixes[0]).toMatchObject({ title: 'Use location `us-east4` (the data plane region)', preferred: true, safe: false });
    expect(f.message).toContain('did you mean `us-east4`?');
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="us-east4-docker.pkg.dev/my-project/images"'));
    expect(f.fixes.filter((x) => x.title.includes('`us-east4`'))).toHaveLength(1);
  });

  it('lists a far data plane region first but keeps the nearest location preferred', () => {
    const out = lintSource(spec('registry="europe-west5-docker.pkg.dev/my-project/images"'), { select: ['IS104'], config: { dataplane: { region: 'us-east1' } } });
    const [f] = only(out, 'IS104');
    expect(covered(out, f)).toBe('europe-west5');
    expect(f.fixes[0]).toMatchObject({ title: 'Use location `us-east1` (the data plane region)', preferred: false });
    expect(f.fixes[1]).toMatchObject({ title: 'Use location `europe-west4`', preferred: true, safe: false });
    expect(f.fixes.filter((x) => x.preferred)).toHaveLength(1);
    expect(f.message).toContain('did you mean `europe-west4`?');
  });

  it('checks the regional endpoint form too', () => {
    const out = lintSource(spec('registry="docker.us-centrl1.rep.pkg.dev/my-project/images"'), { select: ['IS104'] });
    const [f] = only(out, 'IS104');
    expect(covered(out, f)).toBe('us-centrl1');
    expect(applyFix(out, f.fixes.find((x) => x.preferred)!)).toBe(spec('registry="docker.us-central1.rep.pkg.dev/my-project/images"'));
  });

  it('is clean for regions and multi-regions', () => {
    for (const r of ['us-east1-docker.pkg.dev/p-1234/r', 'europe-docker.pkg.dev/p-1234/r', 'asia-docker.pkg.dev/p-1234/r', 'docker.me-west1.rep.pkg.dev/p-1234/r']) {
      expect(only(lintSource(spec(`registry="${r}"`), { select: ['IS104'] }), 'IS104')).toEqual([]);
    }
  });

  it('leaves a registry with noise at its start to IS101, and is reported beside IS101 for noise at its end', () => {
    const start = lintSource(spec('registry="https://us-east-1-docker.pkg.dev/my-project/images"'), { select: ['IS1'] });
    expect(start.findings.map((f) => f.code)).toEqual(['IS101']);
    const end = lintSource(spec('registry="us-east-1-docker.pkg.dev/my-project/images/"'), { select: ['IS1'] });
    expect(end.findings.map((f) => f.code).sort()).toEqual(['IS101', 'IS104']);
  });

  it('says nothing about unknown values', () => {
    expect(only(lintSource(spec('registry=f"{REGION}-docker.pkg.dev/p/r"'), { select: ['IS104'] }), 'IS104')).toEqual([]);
  });
});
