import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';

const PRE = 'from flytekit import ImageSpec\n';
const spec = (args: string): string => `${PRE}image = ImageSpec(${args})\n`;
const lint = (registry: string) => lintSource(spec(`registry="${registry}"`), { select: ['IS108'] });

describe('IS108 malformed ECR / ECR Public / GHCR / ACR / Docker Hub registry', () => {
  it('reports an unknown ECR region, underlined, with the one region meant', () => {
    const out = lint('123456789012.dkr.ecr.us-east1.amazonaws.com/team');
    const [f] = only(out, 'IS108');
    expect(only(out, 'IS108')).toHaveLength(1);
    expect(f.severity).toBe('error');
    expect(f.range).toEqual({ start: { line: 1, character: 49 }, end: { line: 1, character: 57 } });
    expect(covered(out, f)).toBe('us-east1');
    expect(f.message).toBe('`us-east1` is not an AWS region: the ECR registry host does not exist and the push fails; did you mean `us-east-1`?');
    expect(f.fixes).toHaveLength(1);
    expect(f.fixes[0]).toMatchObject({ title: 'Use region `us-east-1`', preferred: true, safe: true });
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="123456789012.dkr.ecr.us-east-1.amazonaws.com/team"'));
  });

  it('reports an ECR account that is not 12 digits; hyphens are removed', () => {
    const out = lint('1234-5678-9012.dkr.ecr.eu-west-1.amazonaws.com');
    const [f] = only(out, 'IS108');
    expect(covered(out, f)).toBe('1234-5678-9012');
    expect(f.message).toBe('`1234-5678-9012` is not an AWS account id (12 digits, no hyphens): the ECR registry host does not exist and the push fails');
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="123456789012.dkr.ecr.eu-west-1.amazonaws.com"'));
    const short = lint('12345678901.dkr.ecr.eu-west-1.amazonaws.com');
    expect(only(short, 'IS108').map((x) => [covered(short, x), x.fixes.length])).toEqual([['12345678901', 0]]);
  });

  it('checks the partition of China regions', () => {
    const out = lint('123456789012.dkr.ecr.cn-north-1.amazonaws.com');
    const [f] = only(out, 'IS108');
    expect(covered(out, f)).toBe('.amazonaws.com');
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn"'));
    const back = lint('123456789012.dkr.ecr.us-west-2.amazonaws.com.cn');
    expect(applyFix(back, only(back, 'IS108')[0].fixes[0])).toBe(spec('registry="123456789012.dkr.ecr.us-west-2.amazonaws.com"'));
  });

  it('reports an ECR-looking host of no documented shape, fixing a missing dkr label', () => {
    const out = lint('123456789012.ecr.us-east-1.amazonaws.com');
    const [f] = only(out, 'IS108');
    expect(covered(out, f)).toBe('123456789012.ecr.us-east-1.amazonaws.com');
    expect(f.message).toContain('is not an Amazon ECR registry host');
    expect(applyFix(out, f.fixes[0])).toBe(spec('registry="123456789012.dkr.ecr.us-east-1.amazonaws.com"'));
  });

  it('reports ECR Public without an alias, GHCR without or with a bad owner, a bad ACR name', () => {
    const pub = lint('public.ecr.aws');
    expect(only(pub, 'IS108').map((f) => [covered(pub, f), f.message])).toEqual([
      ['public.ecr.aws', 'ECR Public needs the registry alias: `public.ecr.aws/ALIAS`; without it the image would be a top-level repository nobody can push to'],
    ]);
    const gh = lint('ghcr.io');
    expect(only(gh, 'IS108')[0].message).toContain('GitHub Container Registry needs an owner');
    const owner = lint('ghcr.io/my_org/images');
    expect(only(owner, 'IS108').map((f) => covered(owner, f))).toEqual(['my_org']);
    const acr = lint('my-reg.azurecr.io/team');
    const [a] = only(acr, 'IS108');
    expect(covered(acr, a)).toBe('my-reg');
    expect(a.message).toBe('`my-reg` is not an Azure Container Registry name (5 to 50 letters and digits, nothing else): `my-reg.azurecr.io` does not exist and the push fails');
    expect(a.fixes).toEqual([]);
  });

  it('reports Docker Hub without a namespace, with a nested path, and its website host', () => {
    const bare = lint('docker.io');
    expect(only(bare, 'IS108').map((f) => covered(bare, f))).toEqual(['docker.io']);
    const nested = lint('docker.io/acme/team/sub');
    const [n] = only(nested, 'IS108');
    expect(covered(nested, n)).toBe('team/sub');
    expect(n.message).toBe(
      'Docker Hub repositories are one level deep (`NAMESPACE/NAME`): with `docker.io/acme/team/sub` the image becomes `acme/team/sub/NAME`, which Docker Hub rejects; keep only the namespace',
    );
    const web = lint('hub.docker.com/acme');
    const [w] = only(web, 'IS108');
    expect(covered(web, w)).toBe('hub.docker.com');
    expect(w.fixes[0]).toMatchObject({ title: 'Use `docker.io`', preferred: true, safe: true });
    expect(applyFix(web, w.fixes[0])).toBe(spec('registry="docker.io/acme"'));
  });

  it('is clean for well-formed registries of every kind, the sandbox, and uppercase (IS102)', () => {
    for (const r of [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/sub',
      '123456789012.dkr.ecr.cn-northwest-1.amazonaws.com.cn',
      '123456789012.dkr-ecr.eu-central-1.on.aws',
      '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com',
      'public.ecr.aws/my-alias',
      'ghcr.io/acme',
      'ghcr.io/Acme-Inc/images',
      'myregistry.azurecr.io',
      'docker.io/acme',
      'acme',
      'localhost:30000',
      'registry.example.com:5000/team',
    ]) {
      expect(only(lint(r), 'IS108')).toEqual([]);
    }
  });

  it('leaves a malformed registry to IS101', () => {
    const out = lintSource(spec('registry="https://123456789012.dkr.ecr.us-east1.amazonaws.com/"'), { select: ['IS1'] });
    expect(out.findings.map((f) => f.code)).toEqual(['IS101']);
  });

  it('says nothing about unknown values', () => {
    expect(only(lintSource(spec('registry=f"{ACCOUNT}.dkr.ecr.us-east1.amazonaws.com"'), { select: ['IS108'] }), 'IS108')).toEqual([]);
  });
});
