import { describe, expect, it } from 'vitest';
import { HOST, P, applied, codeOf, coveredText, deepLint, spec, useGarServer } from './helpers/deep';

const env = useGarServer();

describe('IS203 remote or virtual repository (deep)', () => {
  it('reports a remote repository and offers standard DOCKER ones', async () => {
    env.add('dockerhub', { mode: 'REMOTE_REPOSITORY' });
    env.add('all-images', { mode: 'VIRTUAL_REPOSITORY' });
    env.add('images');
    const o = await deepLint(spec(`${HOST}/${P}/dockerhub`), env.service(), { select: ['IS2'] });
    expect(o.findings.map((f) => f.code)).toEqual(['IS203']);
    const [f] = codeOf(o, 'IS203');
    expect(f.severity).toBe('error');
    expect(coveredText(o, f)).toBe('dockerhub');
    expect(f.range).toEqual({ start: { line: 1, character: 79 }, end: { line: 1, character: 88 } });
    expect(f.message).toBe(
      'Artifact Registry repository `dockerhub` (project `imagespec-test`, us-east1) is a remote repository (a pull-through cache of an upstream registry): it cannot be pushed to; push to a standard DOCKER repository such as `images`',
    );
    expect(f.fixes).toHaveLength(1);
    expect(f.fixes[0]).toMatchObject({ title: 'Use existing repository `images`', preferred: true, safe: false });
    expect(applied(o, f.fixes[0])).toBe(spec(`${HOST}/${P}/images`));
  });

  it('reports a virtual repository, without fixes when no standard one exists', async () => {
    env.add('all-images', { mode: 'VIRTUAL_REPOSITORY' });
    const o = await deepLint(spec(`${HOST}/${P}/all-images`), env.service(), { select: ['IS2'] });
    const [f] = codeOf(o, 'IS203');
    expect(f.message).toBe(
      'Artifact Registry repository `all-images` (project `imagespec-test`, us-east1) is a virtual repository (a read-only view over other repositories): it cannot be pushed to; create a standard DOCKER repository in us-east1 and push there',
    );
    expect(f.fixes).toEqual([]);
  });

  it('leaves a remote repository of another format to IS202, and is clean for standard and unknown', async () => {
    env.add('pypi', { mode: 'REMOTE_REPOSITORY', format: 'PYTHON' });
    env.add('images');
    const o = await deepLint(spec(`${HOST}/${P}/pypi`), env.service(), { select: ['IS2'] });
    expect(o.findings.map((f) => f.code)).toEqual(['IS202']);
    expect((await deepLint(spec(`${HOST}/${P}/images`), env.service(), { select: ['IS203'] })).findings).toEqual([]);
    const src = 'from flytekit import ImageSpec\nimage = ImageSpec(name="etl", registry=registry())\n';
    expect((await deepLint(src, env.service(), { select: ['IS203'] })).findings).toEqual([]);
  });
});
