import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';

const PRE = 'from flytekit import ImageSpec\n';
const spec = (args: string): string => `${PRE}image = ImageSpec(${args})\n`;

describe('IS105 GAR host format', () => {
  it('reports the host of another format, underlining the format, with a -docker fix', () => {
    const out = lintSource(spec('registry="us-east1-python.pkg.dev/my-project/images"'), { select: ['IS105'] });
    const [f] = only(out, 'IS105');
    expect(only(out, 'IS105')).toHaveLength(1);
    expect(f.severity).toBe('error');
    expect(f.range).toEqual({ start: { line: 1, character: 37 }, end: { line: 1, character: 43 } });
    expect(covered(out, f)).toBe('python');
    expect(f.message).toBe(
      '`us-east1-python.pkg.dev` is the host of python repositories, not of container images: `docker push` fails there; use `us-east1-docker.pkg.dev`',
    );
    expect(f.fixes).toHaveLength(1);
    expect(f.fixes[0]).toMatchObject({ title: 'Use `us-east1-docker.pkg.dev`', preferred: true, safe: true });
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="us-east1-docker.pkg.dev/my-project/images"'));
  });

  it('reports a misspelt format and the regional form', () => {
    const out = lintSource(spec('registry="europe-dokcer.pkg.dev/my-project/images"'), { select: ['IS105'] });
    const [f] = only(out, 'IS105');
    expect(covered(out, f)).toBe('dokcer');
    expect(f.message).toBe('`dokcer` is not an Artifact Registry format, so `europe-dokcer.pkg.dev` is no registry and the push fails; use `europe-docker.pkg.dev`');
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="europe-docker.pkg.dev/my-project/images"'));

    const reg = lintSource(spec('registry="npm.us-east1.rep.pkg.dev/my-project/images"'), { select: ['IS105'] });
    const [g] = only(reg, 'IS105');
    expect(covered(reg, g)).toBe('npm');
    expect(applyFix(reg, g.fixes[0])).toBe(spec('registry="docker.us-east1.rep.pkg.dev/my-project/images"'));
  });

  it('adds a missing format to a bare location host', () => {
    const out = lintSource(spec('registry="us-east1.pkg.dev/my-project/images"'), { select: ['IS1'] });
    expect(out.findings.map((f) => f.code)).toEqual(['IS105']);
    const [f] = only(out, 'IS105');
    expect(covered(out, f)).toBe('us-east1.pkg.dev');
    expect(f.message).toBe('`us-east1.pkg.dev` has no repository format: container images push to `us-east1-docker.pkg.dev`');
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="us-east1-docker.pkg.dev/my-project/images"'));
  });

  it('reports a pkg.dev host of no known shape without a fix', () => {
    const out = lintSource(spec('registry="docker.pkg.dev/my-project/images"'), { select: ['IS105'] });
    const [f] = only(out, 'IS105');
    expect(covered(out, f)).toBe('docker.pkg.dev');
    expect(f.fixes ?? []).toEqual([]);
  });

  it('is clean for docker hosts and non-GAR registries', () => {
    for (const r of ['us-east1-docker.pkg.dev/p-1234/r', 'docker.us-east1.rep.pkg.dev/p-1234/r', 'ghcr.io/acme']) {
      expect(only(lintSource(spec(`registry="${r}"`), { select: ['IS105'] }), 'IS105')).toEqual([]);
    }
  });

  it('leaves a malformed registry to IS101', () => {
    const out = lintSource(spec('registry="https://us-east1-python.pkg.dev/my-project/images"'), { select: ['IS1'] });
    expect(out.findings.map((f) => f.code)).toEqual(['IS101']);
  });

  it('says nothing about unknown values', () => {
    expect(only(lintSource(spec('registry=REGISTRIES[0]'), { select: ['IS105'] }), 'IS105')).toEqual([]);
  });
});
