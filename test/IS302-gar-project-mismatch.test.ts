import { describe, expect, it } from 'vitest';
import { covered, lintSource, only } from './helpers/lint';

const HEAD = 'from flytekit import ImageSpec\n';

describe('IS302 GAR project vs data plane project', () => {
  it('reports another project on the project segment, naming the node service account and repository', () => {
    const src = HEAD + 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/ml-sandbox/images")\n';
    const out = lintSource(src, {
      select: ['IS302'],
      config: { dataplane: { project: 'flyte-prod', 'node-service-account': 'nodes@flyte-prod.iam.gserviceaccount.com' } },
    });
    const fs = only(out, 'IS302');
    expect(fs).toHaveLength(1);
    const [f] = fs;
    expect(f.severity).toBe('info');
    expect(f.range).toEqual({ start: { line: 1, character: 64 }, end: { line: 1, character: 74 } });
    expect(covered(out, f)).toBe('ml-sandbox');
    expect(f.message).toBe(
      'Images go to project `ml-sandbox`, but the data plane runs in `flyte-prod`: its node service account `nodes@flyte-prod.iam.gserviceaccount.com` ' +
        'needs roles/artifactregistry.reader on repository `us-east1/ml-sandbox/images`, or pods fail with ImagePullBackOff',
    );
    expect(f.fixes).toEqual([]);
  });

  it('handles domain-scoped projects in either form and names the project without a repository', () => {
    const out = lintSource(HEAD + 'image = ImageSpec(registry="us-docker.pkg.dev/example.com/proj-a")\n', {
      select: ['IS302'],
      config: { dataplane: { project: 'flyte-prod' } },
    });
    const [f] = only(out, 'IS302');
    expect(covered(out, f)).toBe('example.com/proj-a');
    expect(f.message).toBe(
      'Images go to project `example.com:proj-a`, but the data plane runs in `flyte-prod`: its node service account needs roles/artifactregistry.reader on project `example.com:proj-a`, or pods fail with ImagePullBackOff',
    );
    const same = lintSource(HEAD + 'image = ImageSpec(registry="us-docker.pkg.dev/example.com/proj-a/images")\n', {
      select: ['IS302'],
      config: { dataplane: { project: 'example.com:proj-a' } },
    });
    expect(only(same, 'IS302')).toEqual([]);
  });

  it('is clean for the same project, no configured project, other hosts and unknown values', () => {
    const cfg = { dataplane: { project: 'flyte-prod' } };
    const cases = [
      'image = ImageSpec(registry="us-east1-docker.pkg.dev/flyte-prod/images")\n',
      'image = ImageSpec(registry="ghcr.io/other-owner")\n',
      'image = ImageSpec(registry=f"us-east1-docker.pkg.dev/{PROJECT}/images")\n',
      'image = ImageSpec(registry=os.environ["REGISTRY"])\n',
    ];
    for (const c of cases) expect(only(lintSource(HEAD + 'import os\n' + c, { select: ['IS302'], config: cfg }), 'IS302'), c).toEqual([]);
    expect(only(lintSource(HEAD + cases[0].replace('flyte-prod', 'ml-sandbox'), { select: ['IS302'] }), 'IS302')).toEqual([]);
  });
});
