import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';
import { parseKnownRepository } from '../rules/shared/knownRepositories';

const PRE = 'from flytekit import ImageSpec\n';
const spec = (args: string): string => `${PRE}image = ImageSpec(${args})\n`;

describe('IS103 GAR repository missing', () => {
  it('reports a project without a repository, with one fix per matching configured repository', () => {
    const out = lintSource(spec('registry="us-east1-docker.pkg.dev/my-project"'), {
      select: ['IS103'],
      config: { gar: { repositories: ['us-east1/my-project/images', 'shared', 'us-west1/my-project/elsewhere', 'us-east1/other-project/nope'] } },
    });
    const [f] = only(out, 'IS103');
    expect(only(out, 'IS103')).toHaveLength(1);
    expect(f.severity).toBe('error');
    expect(f.range).toEqual({ start: { line: 1, character: 28 }, end: { line: 1, character: 62 } });
    expect(covered(out, f)).toBe('us-east1-docker.pkg.dev/my-project');
    expect(f.message).toBe(
      'Artifact Registry needs a repository: `us-east1-docker.pkg.dev/my-project` has no repository segment, and images cannot live directly under a project (flytekit would push into a repository named after the image); create one and use `us-east1-docker.pkg.dev/my-project/REPOSITORY`',
    );
    expect(f.fixes.map((x) => [x.title, x.preferred, x.safe])).toEqual([
      ['Append repository `images`', true, false],
      ['Append repository `shared`', false, false],
    ]);
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="us-east1-docker.pkg.dev/my-project/images"'));
    expect(applyFix(out, f.fixes[1])).toBe(spec('registry="us-east1-docker.pkg.dev/my-project/shared"'));
  });

  it('is reported together with IS101 when the registry ends in noise (a trailing slash): two independent problems', () => {
    const out = lintSource(spec('registry="us-east1-docker.pkg.dev/my-project/"'), {
      select: ['IS101', 'IS103'],
      config: { gar: { repositories: ['us-east1/my-project/images'] } },
    });
    expect(out.findings.map((f) => f.code).sort()).toEqual(['IS101', 'IS103']);
    const [f] = only(out, 'IS103');
    // The range covers the well-formed registry, without the slash IS101 reports.
    expect(covered(out, f)).toBe('us-east1-docker.pkg.dev/my-project');
    expect(f.message).toContain('`us-east1-docker.pkg.dev/my-project` has no repository segment');
    // Each fix changes only its own problem: appending keeps the slash, IS101's fix removes it.
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="us-east1-docker.pkg.dev/my-project/images/"'));
    expect(applyFix(out, only(out, 'IS101')[0].fixes[0])).toBe(spec('registry="us-east1-docker.pkg.dev/my-project"'));
    // A problem at the start (a scheme) shifts every offset: only IS101 speaks.
    const scheme = lintSource(spec('registry="https://us-east1-docker.pkg.dev/my-project"'), { select: ['IS101', 'IS103'] });
    expect(scheme.findings.map((x) => x.code)).toEqual(['IS101']);
  });

  it('reports a bare host; fixes come from full config entries and the data plane project', () => {
    const out = lintSource(spec('registry="europe-docker.pkg.dev"'), {
      select: ['IS103'],
      config: { gar: { repositories: ['europe-docker.pkg.dev/ml-prod/images', 'scratch'] }, dataplane: { project: 'dp-project' } },
    });
    const [f] = only(out, 'IS103');
    expect(covered(out, f)).toBe('europe-docker.pkg.dev');
    expect(f.message).toBe(
      'Artifact Registry needs a project and a repository: `europe-docker.pkg.dev` names neither, and a push never creates them; create a Docker repository and use `europe-docker.pkg.dev/PROJECT/REPOSITORY`',
    );
    expect(f.fixes.map((x) => x.title)).toEqual(['Append project and repository `ml-prod/images`', 'Append project and repository `dp-project/scratch`']);
    expect(applyFix(out, f.fixes[1])).toBe(spec('registry="europe-docker.pkg.dev/dp-project/scratch"'));
  });

  it('counts two segments for a domain-scoped project', () => {
    const out = lintSource(spec('registry="us-docker.pkg.dev/example.com/my-project"'), { select: ['IS103'], config: { gar: { repositories: ['us/example.com:my-project/imgs'] } } });
    const [f] = only(out, 'IS103');
    expect(f.message).toContain('has no repository segment');
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="us-docker.pkg.dev/example.com/my-project/imgs"'));
    expect(only(lintSource(spec('registry="us-docker.pkg.dev/example.com/my-project/repo"'), { select: ['IS103'] }), 'IS103')).toEqual([]);
  });

  it('reports a domain without its project id, without fixes', () => {
    const out = lintSource(spec('registry="us-docker.pkg.dev/example.com"'), { select: ['IS103'], config: { gar: { repositories: ['repo'] } } });
    const [f] = only(out, 'IS103');
    expect(f.message).toContain('names only the domain of a domain-scoped project; use `us-docker.pkg.dev/example.com/PROJECT/REPOSITORY`');
    expect(f.fixes).toEqual([]);
  });

  it('allows an image path after the repository and the regional endpoint form', () => {
    for (const r of ['us-east1-docker.pkg.dev/p-1234/my-registry/my-image-repository', 'docker.us-east1.rep.pkg.dev/my-project/repo', 'ghcr.io/acme']) {
      expect(only(lintSource(spec(`registry="${r}"`), { select: ['IS103'] }), 'IS103')).toEqual([]);
    }
  });

  it('leaves a malformed registry to IS101', () => {
    const out = lintSource(spec('registry="https://us-east1-docker.pkg.dev/my-project/"'), { select: ['IS101', 'IS103'] });
    expect(out.findings.map((f) => f.code)).toEqual(['IS101']);
  });

  it('says nothing about unknown values', () => {
    expect(only(lintSource(spec('registry=f"us-east1-docker.pkg.dev/{PROJECT}"'), { select: ['IS103'] }), 'IS103')).toEqual([]);
  });

  it('reads every form of configured repository', () => {
    expect(parseKnownRepository('images')).toEqual({ repository: 'images' });
    expect(parseKnownRepository('my-project/images')).toEqual({ project: 'my-project', repository: 'images' });
    expect(parseKnownRepository('us-east1/my-project/images')).toEqual({ location: 'us-east1', project: 'my-project', repository: 'images' });
    expect(parseKnownRepository('us/example.com:p/images')).toEqual({ location: 'us', project: 'example.com/p', repository: 'images' });
    expect(parseKnownRepository('https://us-east1-docker.pkg.dev/my-project/images/')).toEqual({ location: 'us-east1', project: 'my-project', repository: 'images' });
    expect(parseKnownRepository('  ')).toBeUndefined();
  });
});
