import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';

const PRE = 'from flytekit import ImageSpec\n';
const spec = (args: string): string => `${PRE}image = ImageSpec(${args})\n`;

describe('IS107 Container Registry host', () => {
  it('underlines the host and offers the Artifact Registry equivalent', () => {
    const out = lintSource(spec('registry="gcr.io/my-project"'), { select: ['IS1'] });
    expect(out.findings.map((f) => f.code)).toEqual(['IS107']);
    const [f] = only(out, 'IS107');
    expect(f.severity).toBe('warning');
    expect(f.range).toEqual({ start: { line: 1, character: 28 }, end: { line: 1, character: 34 } });
    expect(covered(out, f)).toBe('gcr.io');
    expect(f.message).toBe(
      'Container Registry (`gcr.io`) stopped accepting pushes on 2025-03-18: the push fails unless the project was migrated to Artifact Registry gcr.io repositories; push to `us-docker.pkg.dev/my-project/gcr.io` instead',
    );
    expect(f.fixes).toHaveLength(1);
    expect(f.fixes[0]).toMatchObject({ title: 'Use `us-docker.pkg.dev/my-project/gcr.io`', preferred: true, safe: false });
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="us-docker.pkg.dev/my-project/gcr.io"'));
  });

  it('maps regional hosts and keeps the image path and domain-scoped projects', () => {
    const eu = lintSource(spec('registry="eu.gcr.io/my-project/team"'), { select: ['IS107'] });
    expect(applyFix(eu, only(eu, 'IS107')[0].fixes[0])).toBe(spec('registry="europe-docker.pkg.dev/my-project/eu.gcr.io/team"'));
    const asia = lintSource(spec("registry='asia.gcr.io/example.com/my-project'"), { select: ['IS107'] });
    expect(applyFix(asia, only(asia, 'IS107')[0].fixes[0])).toBe(spec("registry='asia-docker.pkg.dev/example.com/my-project/asia.gcr.io'"));
  });

  it('reports a host without a project, without a fix', () => {
    const out = lintSource(spec('registry="us.gcr.io"'), { select: ['IS107'] });
    const [f] = only(out, 'IS107');
    expect(f.message).toContain('push to Artifact Registry instead (`us-docker.pkg.dev/PROJECT/us.gcr.io`)');
    expect(f.fixes).toEqual([]);
  });

  it('is clean for Artifact Registry and other gcr.io hosts', () => {
    for (const r of ['us-docker.pkg.dev/my-project/gcr.io', 'mirror.gcr.io/library']) {
      expect(only(lintSource(spec(`registry="${r}"`), { select: ['IS107'] }), 'IS107')).toEqual([]);
    }
  });

  it('says nothing about unknown values', () => {
    expect(only(lintSource(spec('registry="gcr.io/" + project()'), { select: ['IS107'] }), 'IS107')).toEqual([]);
  });
});
