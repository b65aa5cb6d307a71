import { describe, expect, it } from 'vitest';
import { HOST, P, codeOf, coveredText, deepLint, resource, spec, useGarServer } from './helpers/deep';

const env = useGarServer();

describe('IS204 caller cannot push (deep)', () => {
  it('warns when testIamPermissions does not grant uploadArtifacts', async () => {
    env.add('images', { callerPermissions: ['artifactregistry.repositories.downloadArtifacts'] });
    const o = await deepLint(spec(`${HOST}/${P}/images`), env.service(), { select: ['IS2'] });
    expect(o.findings.map((f) => f.code)).toEqual(['IS204']);
    const [f] = codeOf(o, 'IS204');
    expect(f.severity).toBe('warning');
    expect(coveredText(o, f)).toBe('images');
    expect(f.range).toEqual({ start: { line: 1, character: 79 }, end: { line: 1, character: 85 } });
    expect(f.message).toBe(
      'anonymous (plaintext endpoint) lacks `artifactregistry.repositories.uploadArtifacts` on Artifact Registry repository `images` (project `imagespec-test`, us-east1): a push as this identity will be denied; ask for roles/artifactregistry.writer on it (`gcloud artifacts repositories add-iam-policy-binding images --location=us-east1 --project=imagespec-test --member=... --role=roles/artifactregistry.writer`)',
    );
    expect(f.fixes).toEqual([]);
    expect(env.gar.requests.filter((r) => r.method === 'TestIamPermissions').map((r) => r.resource)).toEqual([resource('images')]);
  });

  it('is clean with the permission, asks nothing for missing or non-DOCKER repositories, and stays silent when the question fails', async () => {
    env.add('images');
    env.add('mvn', { format: 'MAVEN', callerPermissions: [] });
    env.add('denied-check', { callerPermissions: [] });
    env.gar.setFault(resource('denied-check'), { kind: 'unavailable', methods: ['TestIamPermissions'] });
    const src =
      'from flytekit import ImageSpec\n' +
      `a = ImageSpec(name="a", registry="${HOST}/${P}/images")\n` +
      `b = ImageSpec(name="b", registry="${HOST}/${P}/gone")\n` +
      `c = ImageSpec(name="c", registry="${HOST}/${P}/mvn")\n` +
      `d = ImageSpec(name="d", registry="${HOST}/${P}/denied-check")\n` +
      'e = ImageSpec(name="e", registry=REG)\n';
    const o = await deepLint(src, env.service(), { select: ['IS204'] });
    expect(o.findings).toEqual([]);
    expect(env.gar.requests.filter((r) => r.method === 'TestIamPermissions').map((r) => r.resource).sort()).toEqual(
      [resource('denied-check'), resource('denied-check'), resource('denied-check'), resource('images')],
    );
  });
});
