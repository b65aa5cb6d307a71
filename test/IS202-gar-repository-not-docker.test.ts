import { describe, expect, it } from 'vitest';
import { HOST, P, applied, codeOf, coveredText, deepLint, spec, useGarServer } from './helpers/deep';

const env = useGarServer();

describe('IS202 repository of another format (deep)', () => {
  it('reports a PYTHON repository and offers the DOCKER ones, closest first', async () => {
    env.add('wheels', { format: 'PYTHON' });
    env.add('zeta');
    env.add('wheels-img');
    env.add('alpha');
    env.add('cache', { mode: 'REMOTE_REPOSITORY' });
    const o = await deepLint(spec(`${HOST}/${P}/wheels`), env.service(), { select: ['IS2'] });
    expect(o.findings.map((f) => f.code)).toEqual(['IS202']);
    const [f] = codeOf(o, 'IS202');
    expect(f.severity).toBe('error');
    expect(coveredText(o, f)).toBe('wheels');
    expect(f.range).toEqual({ start: { line: 1, character: 79 }, end: { line: 1, character: 85 } });
    expect(f.message).toBe(
      'Artifact Registry repository `wheels` (project `imagespec-test`, us-east1) is a PYTHON repository, not DOCKER: Docker images cannot be pushed to it; use a DOCKER repository such as `wheels-img`, `alpha` or `zeta`',
    );
    expect(f.fixes.map((x) => [x.title, x.preferred, x.safe])).toEqual([
      ['Use existing repository `wheels-img`', true, false],
      ['Use existing repository `alpha`', false, false],
      ['Use existing repository `zeta`', false, false],
    ]);
    expect(applied(o, f.fixes[1])).toBe(spec(`${HOST}/${P}/alpha`));
  });

  it('reports a MAVEN repository under an image path, and says so when there is no DOCKER repository', async () => {
    env.add('mvn', { format: 'MAVEN' });
    const o = await deepLint(spec(`${HOST}/${P}/mvn/sub/path`), env.service(), { select: ['IS202'] });
    const [f] = codeOf(o, 'IS202');
    expect(coveredText(o, f)).toBe('mvn');
    expect(f.message).toBe(
      'Artifact Registry repository `mvn` (project `imagespec-test`, us-east1) is a MAVEN repository, not DOCKER: Docker images cannot be pushed to it; create a DOCKER repository in us-east1 and use it',
    );
    expect(f.fixes).toEqual([]);
  });

  it('is clean for a DOCKER repository and for an unknown registry', async () => {
    env.add('images');
    expect((await deepLint(spec(`${HOST}/${P}/images`), env.service(), { select: ['IS202'] })).findings).toEqual([]);
    const src = 'from flytekit import ImageSpec\nimport cfg\nimage = ImageSpec(name="etl", registry=cfg.REGISTRY)\n';
    expect((await deepLint(src, env.service(), { select: ['IS202'] })).findings).toEqual([]);
  });
});
