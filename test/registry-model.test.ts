import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  gcrToArtifactRegistry,
  garProjectToProjectId,
  isGarLocation,
  isValidAcrName,
  isValidAwsAccountId,
  isValidDockerHubNamespace,
  isValidGarRepositoryId,
  isValidGcpProjectId,
  isValidGhcrOwner,
  locationContains,
  nearestLocations,
  parseRegistry,
  registryProblems,
  type ParsedRegistry,
  type Segment,
} from '../server/model/registry';
import { normalizeRegistry } from '../server/flytekit/fields';
import { EU_REGIONS, GAR_LOCATION_NAMES, GAR_MULTI_REGIONS, GAR_REGIONS, garRegion, isGcpRegion } from '../server/model/gcpLocations';
import { AWS_REGIONS, awsRegion, isAwsRegion } from '../server/model/awsRegions';

/** [text, start, end] of a segment, for compact exact assertions. */
type T = [string, number, number];
const t = (s: Segment | undefined): T | undefined => (s ? [s.text, s.start, s.end] : undefined);
const ts = (ss: Segment[]): T[] => ss.map((s) => [s.text, s.start, s.end]);

// The flytekit check, written independently of the module's copy, so the
// normalization property below tests against the contract and not against
// the implementation's own regex.
const flytekitOk = (s: string): boolean =>
  /^(localhost:\d{1,5}|([a-z\d._-]+)(:\d{1,5})?)(\/[\w.-]+)*$/.test(s.toLowerCase());

describe('parseRegistry: Artifact Registry', () => {
  it('splits LOCATION-FORMAT.pkg.dev with project, repository and image path', () => {
    const p = parseRegistry('us-east1-docker.pkg.dev/my-project/my-repo/sub');
    expect(p.kind).toBe('gar');
    expect(t(p.host)).toEqual(['us-east1-docker.pkg.dev', 0, 23]);
    expect(p.registryHost).toBe('us-east1-docker.pkg.dev');
    expect(ts(p.path)).toEqual([
      ['my-project', 24, 34],
      ['my-repo', 35, 42],
      ['sub', 43, 46],
    ]);
    const g = p.gar!;
    expect(g.style).toBe('location-format');
    expect(t(g.location)).toEqual(['us-east1', 0, 8]);
    expect(t(g.format)).toEqual(['docker', 9, 15]);
    expect(g.formatKnown).toBe(true);
    expect(t(g.project)).toEqual(['my-project', 24, 34]);
    expect(t(g.project!.id)).toEqual(['my-project', 24, 34]);
    expect(g.project!.domain).toBeUndefined();
    expect(t(g.repository)).toEqual(['my-repo', 35, 42]);
    expect(ts(g.imagePath)).toEqual([['sub', 43, 46]]);
  });

  it('takes the repository from the RULES.md example, not the image path', () => {
    const g = parseRegistry('us-east1-docker.pkg.dev/p/my-registry/my-image-repository').gar!;
    expect(g.repository?.text).toBe('my-registry');
    expect(g.imagePath.map((s) => s.text)).toEqual(['my-image-repository']);
  });

  it('splits the regional endpoint FORMAT.LOCATION.rep.pkg.dev', () => {
    const g = parseRegistry('docker.us-east1.rep.pkg.dev/my-project/my-repo').gar!;
    expect(g.style).toBe('regional');
    expect(t(g.format)).toEqual(['docker', 0, 6]);
    expect(t(g.location)).toEqual(['us-east1', 7, 15]);
    expect(t(g.project)).toEqual(['my-project', 28, 38]);
    expect(t(g.repository)).toEqual(['my-repo', 39, 46]);
  });

  it('gives a domain-scoped project two segments', () => {
    const g = parseRegistry('us-docker.pkg.dev/example.com/my-project/my-repo/img').gar!;
    expect(t(g.location)).toEqual(['us', 0, 2]);
    expect(t(g.project)).toEqual(['example.com/my-project', 18, 40]);
    expect(t(g.project!.domain)).toEqual(['example.com', 18, 29]);
    expect(t(g.project!.id)).toEqual(['my-project', 30, 40]);
    expect(t(g.repository)).toEqual(['my-repo', 41, 48]);
    expect(ts(g.imagePath)).toEqual([['img', 49, 52]]);
  });

  it('recognises the IAM colon form of a domain-scoped project', () => {
    const g = parseRegistry('us-docker.pkg.dev/example.com:my-project/repo').gar!;
    expect(g.project!.colonForm).toBe(true);
    expect(t(g.project!.domain)).toEqual(['example.com', 18, 29]);
    expect(t(g.project!.id)).toEqual(['my-project', 30, 40]);
    expect(t(g.repository)).toEqual(['repo', 41, 45]);
    // Alone, the colon segment is the project, not a tag.
    const alone = parseRegistry('us-docker.pkg.dev/example.com:my-project');
    expect(alone.tag).toBeUndefined();
    expect(alone.gar!.project!.colonForm).toBe(true);
  });

  it.each([
    ['europe-west1-python.pkg.dev/p/r', 'europe-west1', 'python', true],
    ['us-npm.pkg.dev/p/r', 'us', 'npm', true],
    ['asia-east1-kfp.pkg.dev/p/r', 'asia-east1', 'kfp', true],
    ['us-east-1-docker.pkg.dev/p/r', 'us-east-1', 'docker', true],
    ['us-east1-dockr.pkg.dev/p/r', 'us-east1', 'dockr', false],
    ['python.europe-west4.rep.pkg.dev/p/r', 'europe-west4', 'python', true],
  ])('%s: location %s, format %s', (input, location, format, known) => {
    const g = parseRegistry(input).gar!;
    expect(g.location?.text).toBe(location);
    expect(g.format?.text).toBe(format);
    expect(g.formatKnown).toBe(known);
    expect(input.slice(g.location!.start, g.location!.end)).toBe(location);
  });

  it('keeps a missing repository or project missing', () => {
    const onlyProject = parseRegistry('us-east1-docker.pkg.dev/my-project').gar!;
    expect(onlyProject.project?.text).toBe('my-project');
    expect(onlyProject.repository).toBeUndefined();
    const none = parseRegistry('us-east1-docker.pkg.dev').gar!;
    expect(none.project).toBeUndefined();
    expect(none.repository).toBeUndefined();
    const domainOnly = parseRegistry('us-docker.pkg.dev/example.com').gar!;
    expect(domainOnly.project?.domain?.text).toBe('example.com');
    expect(domainOnly.project?.id).toBeUndefined();
  });

  it('marks a pkg.dev host of neither shape unrecognized', () => {
    const g = parseRegistry('docker.pkg.dev/p/r').gar!;
    expect(g.style).toBe('unrecognized');
    expect(g.location).toBeUndefined();
    expect(g.project?.text).toBe('p');
  });

  it('matches hosts case-insensitively and reports text as written', () => {
    const p = parseRegistry('US-East1-Docker.pkg.dev/My-Project/Repo');
    expect(p.kind).toBe('gar');
    expect(p.registryHost).toBe('us-east1-docker.pkg.dev');
    expect(t(p.gar!.location)).toEqual(['US-East1', 0, 8]);
    expect(p.gar!.formatKnown).toBe(true);
  });
});

describe('parseRegistry: other hosts', () => {
  it.each<[string, string | undefined, string | undefined, string[]]>([
    ['gcr.io/my-project/img', '', 'my-project', ['img']],
    ['us.gcr.io/p', 'us', 'p', []],
    ['eu.gcr.io/p', 'eu', 'p', []],
    ['asia.gcr.io/example.com/p/x', 'asia', 'example.com/p', ['x']],
    ['k8s.gcr.io', undefined, undefined, []],
  ])('GCR %s', (input, multiRegion, project, image) => {
    const p = parseRegistry(input);
    expect(p.kind).toBe('gcr');
    expect(p.gcr!.multiRegion).toBe(multiRegion);
    expect(p.gcr!.project?.text).toBe(project);
    expect(p.gcr!.imagePath.map((s) => s.text)).toEqual(image);
  });

  it.each<[string, T, T, { fips: boolean; dualStack: boolean; china: boolean }]>([
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/team/app', ['123456789012', 0, 12], ['us-east-1', 21, 30], { fips: false, dualStack: false, china: false }],
    ['123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com', ['123456789012', 0, 12], ['us-gov-west-1', 26, 39], { fips: true, dualStack: false, china: false }],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/x', ['123456789012', 0, 12], ['cn-north-1', 21, 31], { fips: false, dualStack: false, china: true }],
    ['123456789012.dkr-ecr.eu-west-1.on.aws/x', ['123456789012', 0, 12], ['eu-west-1', 21, 30], { fips: false, dualStack: true, china: false }],
    ['123456789012.dkr-ecr-fips.us-east-2.on.aws/app', ['123456789012', 0, 12], ['us-east-2', 26, 35], { fips: true, dualStack: true, china: false }],
    ['12345678901.dkr.ecr.us-east-1.amazonaws.com', ['12345678901', 0, 11], ['us-east-1', 20, 29], { fips: false, dualStack: false, china: false }],
  ])('ECR %s', (input, account, region, flags) => {
    const p = parseRegistry(input);
    expect(p.kind).toBe('ecr');
    const e = p.ecr!;
    expect(e.wellFormed).toBe(true);
    expect(t(e.account)).toEqual(account);
    expect(t(e.region)).toEqual(region);
    expect({ fips: e.fips, dualStack: e.dualStack, china: e.china }).toEqual(flags);
  });

  it('classifies an ECR-looking host without a documented shape as malformed ECR', () => {
    const p = parseRegistry('123456789012.dkr.ecr.amazonaws.com/x');
    expect(p.kind).toBe('ecr');
    expect(p.ecr!.wellFormed).toBe(false);
    expect(p.ecr!.region).toBeUndefined();
  });

  it('splits ECR Public, GHCR, ACR and Docker Hub namespaces', () => {
    const pub = parseRegistry('public.ecr.aws/my-alias/img');
    expect(pub.kind).toBe('ecr-public');
    expect(t(pub.ecrPublic!.namespace)).toEqual(['my-alias', 15, 23]);
    expect(ts(pub.ecrPublic!.imagePath)).toEqual([['img', 24, 27]]);

    const gh = parseRegistry('ghcr.io/Owner');
    expect(gh.kind).toBe('ghcr');
    expect(t(gh.ghcr!.namespace)).toEqual(['Owner', 8, 13]);

    const acr = parseRegistry('myreg.azurecr.io');
    expect(acr.kind).toBe('acr');
    expect(t(acr.acr!.name)).toEqual(['myreg', 0, 5]);
    expect(acr.path).toEqual([]);

    for (const host of ['docker.io', 'index.docker.io', 'registry-1.docker.io']) {
      const d = parseRegistry(`${host}/user/x`);
      expect(d.kind).toBe('dockerhub');
      expect(d.dockerhub!.implicit).toBe(false);
      expect(t(d.dockerhub!.namespace)).toEqual(['user', host.length + 1, host.length + 5]);
    }
  });

  it('reads a bare first component as a Docker Hub namespace, like Docker', () => {
    const p = parseRegistry('myuser/tools');
    expect(p.kind).toBe('dockerhub');
    expect(p.registryHost).toBe('docker.io');
    expect(p.dockerhub!.implicit).toBe(true);
    expect(t(p.host)).toEqual(['', 0, 0]);
    expect(ts(p.path)).toEqual([
      ['myuser', 0, 6],
      ['tools', 7, 12],
    ]);
    expect(t(p.dockerhub!.namespace)).toEqual(['myuser', 0, 6]);
  });

  it.each<[string, string, string, T, T | undefined]>([
    ['localhost:30000', 'localhost', 'localhost:30000', ['localhost', 0, 9], ['30000', 10, 15]],
    ['localhost', 'localhost', 'localhost', ['localhost', 0, 9], undefined],
    ['127.0.0.1:5000/x', 'localhost', '127.0.0.1:5000', ['127.0.0.1', 0, 9], ['5000', 10, 14]],
    ['registry.example.com:5000/team', 'other', 'registry.example.com:5000', ['registry.example.com', 0, 20], ['5000', 21, 25]],
    ['myhost:5000', 'other', 'myhost:5000', ['myhost', 0, 6], ['5000', 7, 11]],
    ['[::1]:5000', 'localhost', '[::1]:5000', ['[::1]', 0, 5], ['5000', 6, 10]],
  ])('%s is %s', (input, kind, registryHost, host, port) => {
    const p = parseRegistry(input);
    expect(p.kind).toBe(kind);
    expect(p.registryHost).toBe(registryHost);
    expect(t(p.host)).toEqual(host);
    expect(t(p.port)).toEqual(port);
  });
});

describe('parseRegistry: noise around the registry', () => {
  it('looks through the backtick and period of a copied docs snippet', () => {
    const s = '`us-central1-docker.pkg.dev/my-project/my-repo`.';
    const p = parseRegistry(s);
    expect(t(p.body)).toEqual(['us-central1-docker.pkg.dev/my-project/my-repo', 1, 46]);
    expect(t(p.gar!.location)).toEqual(['us-central1', 1, 12]);
    expect(t(p.gar!.project)).toEqual(['my-project', 28, 38]);
    expect(t(p.gar!.repository)).toEqual(['my-repo', 39, 46]);
  });

  it('skips quotes, whitespace, scheme, doubled and trailing slashes, and splits off the tag', () => {
    const s = ' "https://ghcr.io/acme//app:v1/" ';
    const p = parseRegistry(s);
    expect(t(p.scheme)).toEqual(['https://', 2, 10]);
    expect(t(p.host)).toEqual(['ghcr.io', 10, 17]);
    expect(ts(p.path)).toEqual([
      ['acme', 18, 22],
      ['app', 24, 27],
    ]);
    expect(t(p.tag)).toEqual([':v1', 27, 30]);
  });

  it('splits off a digest', () => {
    const p = parseRegistry('oci://docker.io/user/app@sha256:0123abcd');
    expect(t(p.digest)).toEqual(['@sha256:0123abcd', 24, 40]);
    expect(ts(p.path)).toEqual([
      ['user', 16, 20],
      ['app', 21, 24],
    ]);
    expect(p.tag).toBeUndefined();
  });

  it('treats a non-numeric suffix on a bare host as a tag', () => {
    const p = parseRegistry('myreg.io:latest');
    expect(p.port).toBeUndefined();
    expect(t(p.tag)).toEqual([':latest', 8, 15]);
  });

  it.each(['', '   ', '/', '//', ':', '@', 'https://', '"', '.', '::::', '\u0000', '😀'])('tolerates %j', (s) => {
    expect(() => parseRegistry(s)).not.toThrow();
    expect(parseRegistry(s).input).toBe(s);
  });
});

describe('registryProblems', () => {
  const kinds = (s: string): [string, number, number][] => registryProblems(s).map((q) => [q.kind, q.start, q.end]);

  it('answers a repeated string from its memo, and a very long one afresh each time, with the same problems', () => {
    const s = 'us-east1-docker.pkg.dev/ my-project/images`.';
    expect(registryProblems(s)).toBe(registryProblems(s));
    expect(registryProblems(s).length).toBeGreaterThan(0);
    const long = 'gcr.io/' + 'a b'.repeat(600);
    const first = registryProblems(long);
    const second = registryProblems(long);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(first.length).toBe(600);
  });

  it.each<[string, [string, number, number][]]>([
    ['us-east1-docker.pkg.dev/my-project/my-repo', []],
    ['localhost:30000', []],
    ['ghcr.io/Owner', []],
    [
      '`us-central1-docker.pkg.dev/my-project/my-repo`.',
      [
        ['stray-char', 0, 1],
        ['stray-char', 46, 47],
        ['trailing-dot', 47, 48],
      ],
    ],
    [
      'us-central1-docker.pkg.dev/my-project/my-repo`.',
      [
        ['stray-char', 45, 46],
        ['trailing-dot', 46, 47],
      ],
    ],
    [
      ' "https://ghcr.io/acme//app:v1/" ',
      [
        ['whitespace', 0, 1],
        ['stray-char', 1, 2],
        ['scheme', 2, 10],
        ['double-slash', 23, 24],
        ['tag', 27, 30],
        ['trailing-slash', 30, 31],
        ['stray-char', 31, 32],
        ['whitespace', 32, 33],
      ],
    ],
    ['oci://docker.io/user/app@sha256:0123abcd', [['scheme', 0, 6], ['digest', 24, 40]]],
    ['gcr.io/p/img:latest/', [['tag', 12, 19], ['trailing-slash', 19, 20]]],
    ['ghcr.io/o w/x', [['whitespace', 9, 10]]],
    ['localhost:99999', [['bad-port', 9, 15]]],
    ['myreg.io:5x/a', [['bad-port', 8, 11]]],
    ['us-docker.pkg.dev/example.com:my-project/repo', [['domain-scoped-colon', 18, 40]]],
    ['  gcr.io/p\t\n', [['whitespace', 0, 2], ['whitespace', 10, 12]]],
    ['ghcr.io/acme/ápp', [['stray-char', 13, 14]]],
    ['ghcr.io/acme/a😀', [['stray-char', 14, 16]]],
    ['gcr.io/p/', [['trailing-slash', 8, 9]]],
    ['gcr.io/p///', [['trailing-slash', 8, 11]]],
    ['', [['empty', 0, 0]]],
    ['  ', [['empty', 0, 2]]],
  ])('%j', (input, expected) => {
    expect(kinds(input)).toEqual(expected);
    for (const q of registryProblems(input)) expect(q.text).toBe(input.slice(q.start, q.end));
  });

  it('names the character and its index in the message', () => {
    const [q] = registryProblems('us-docker.pkg.dev/p/r`');
    expect(q.kind).toBe('stray-char');
    expect(q.message).toContain('index 21');
    expect(q.message).toContain('`');
    expect(registryProblems('https://gcr.io/p')[0].message).toContain('https://');
  });
});

describe('normalizeRegistry', () => {
  it.each<[string, string | undefined]>([
    ['us-central1-docker.pkg.dev/my-project/my-repo`.', 'us-central1-docker.pkg.dev/my-project/my-repo'],
    ['`us-central1-docker.pkg.dev/my-project/my-repo`.', 'us-central1-docker.pkg.dev/my-project/my-repo'],
    ['https://ghcr.io/acme/', 'ghcr.io/acme'],
    ['http://localhost:30000', 'localhost:30000'],
    ['oci://docker.io/user/app@sha256:0123abcd', 'docker.io/user/app'],
    [' "https://ghcr.io/acme//app:v1/" ', 'ghcr.io/acme/app'],
    ["'gcr.io/my-project'", 'gcr.io/my-project'],
    ['gcr.io/p/img:latest', 'gcr.io/p/img'],
    ['localhost:30000/team:dev', 'localhost:30000/team'],
    ['myreg.io:latest', 'myreg.io'],
    ['us-docker.pkg.dev/example.com:my-project/repo', 'us-docker.pkg.dev/example.com/my-project/repo'],
    ['registry.example.com:5000/team.', 'registry.example.com:5000/team'],
    // Already clean: returned as is, uppercase included (IS102's business).
    ['ghcr.io/Owner', 'ghcr.io/Owner'],
    ['localhost:30000', 'localhost:30000'],
    // Nothing confident to offer.
    ['', undefined],
    ['   ', undefined],
    ['https://', undefined],
    ['ghcr.io/o w/x', undefined],
    ['us-docker.pkg.dev/p`/r', undefined],
    ['myreg.io:5x/a', undefined],
    ['localhost:99999', undefined],
    ['ghcr.io/acme/ápp', undefined],
    ['"', undefined],
  ])('%j → %j', (input, expected) => {
    expect(normalizeRegistry(input)).toBe(expected);
  });

  it('produces values that pass flytekit and have no problems left', () => {
    for (const s of ['https://ghcr.io/acme/', 'us-central1-docker.pkg.dev/my-project/my-repo`.', 'gcr.io//p:latest']) {
      const n = normalizeRegistry(s)!;
      expect(flytekitOk(n)).toBe(true);
      expect(registryProblems(n)).toEqual([]);
    }
  });
});

describe('validators', () => {
  it.each<[string, boolean]>([
    ['my-project', true],
    ['abcdef', true],
    ['a23456789012345678901234567890', true],
    ['a234567890123456789012345678901', false],
    ['abcde', false],
    ['1project', false],
    ['my-project-', false],
    ['My-Project', false],
    ['my_project', false],
    ['example.com:my-project', true],
    ['example.com:bad-', false],
    ['example.com/my-project', false],
    ['', false],
  ])('isValidGcpProjectId(%j) = %s', (id, ok) => {
    expect(isValidGcpProjectId(id)).toBe(ok);
  });

  it('can refuse domain-scoped ids', () => {
    expect(isValidGcpProjectId('example.com:my-project', { allowDomainScoped: false })).toBe(false);
  });

  it('converts the path form of a domain-scoped project to the API form', () => {
    expect(garProjectToProjectId('example.com/my-project')).toBe('example.com:my-project');
    expect(garProjectToProjectId('my-project')).toBe('my-project');
  });

  it.each<[string, boolean]>([
    ['my-repo', true],
    ['r', true],
    ['repo1', true],
    ['a'.repeat(63), true],
    ['a'.repeat(64), false],
    ['1repo', false],
    ['my-repo-', false],
    ['My-Repo', false],
    ['my_repo', false],
    ['my.repo', false],
    ['gcr.io', true],
    ['eu.gcr.io', true],
    ['', false],
  ])('isValidGarRepositoryId(%j) = %s', (id, ok) => {
    expect(isValidGarRepositoryId(id)).toBe(ok);
  });

  it('checks ECR accounts, GHCR owners, ACR names and Docker Hub namespaces', () => {
    expect(isValidAwsAccountId('123456789012')).toBe(true);
    expect(isValidAwsAccountId('12345678901')).toBe(false);
    expect(isValidAwsAccountId('12345678901a')).toBe(false);
    expect(isValidGhcrOwner('flyteorg')).toBe(true);
    expect(isValidGhcrOwner('my-org')).toBe(true);
    expect(isValidGhcrOwner('Owner')).toBe(false);
    expect(isValidGhcrOwner('-org')).toBe(false);
    expect(isValidGhcrOwner('my--org')).toBe(false);
    expect(isValidAcrName('myreg')).toBe(true);
    expect(isValidAcrName('myreg-abc123')).toBe(true);
    expect(isValidAcrName('reg')).toBe(false);
    expect(isValidAcrName('my_reg')).toBe(false);
    expect(isValidDockerHubNamespace('library')).toBe(true);
    expect(isValidDockerHubNamespace('my-org')).toBe(true);
    expect(isValidDockerHubNamespace('MyUser')).toBe(false);
    expect(isValidDockerHubNamespace('-x')).toBe(false);
  });
});

describe('locations', () => {
  it('knows regions, multi-regions and restricted regions', () => {
    for (const l of ['us-east1', 'us-central1', 'europe-west4', 'asia-southeast1', 'africa-south1', 'northamerica-south1', 'us', 'europe', 'asia', 'us-central2']) {
      expect(isGarLocation(l)).toBe(true);
    }
    for (const l of ['us-east-1', 'us-east', 'europe-west5', 'eu', 'global', '']) expect(isGarLocation(l)).toBe(false);
  });

  it.each<[string, string, boolean]>([
    ['us', 'us-east1', true],
    ['us', 'us-central1', true],
    ['us', 'us-west4', true],
    ['us', 'northamerica-northeast1', false],
    ['us', 'southamerica-east1', false],
    ['europe', 'europe-west1', true],
    ['europe', 'europe-west4', true],
    ['europe', 'europe-north2', true],
    ['europe', 'europe-west2', false],
    ['europe', 'europe-west6', false],
    ['europe', 'me-west1', false],
    ['asia', 'asia-east1', true],
    ['asia', 'asia-south1', true],
    ['asia', 'australia-southeast1', false],
    ['asia', 'me-central1', false],
    ['us-east1', 'us-east1', true],
    ['US-East1', 'us-east1', true],
    ['us-east1', 'us-east4', false],
    ['us-east1', 'us', false],
    ['', '', false],
  ])('locationContains(%j, %j) = %s', (loc, region, ok) => {
    expect(locationContains(loc, region)).toBe(ok);
  });

  it('suggests the respelled AWS-style region first', () => {
    expect(nearestLocations('us-east-1')[0]).toBe('us-east1');
    expect(nearestLocations('europe-west-1')[0]).toBe('europe-west1');
    expect(nearestLocations('US-EAST-1')[0]).toBe('us-east1');
  });

  it('suggests numbered regions for a region without number', () => {
    expect(nearestLocations('us-east').slice(0, 3)).toEqual(['us-east1', 'us-east4', 'us-east5']);
  });

  it('suggests numeric neighbours for a region that does not exist', () => {
    expect(nearestLocations('europe-west5').slice(0, 2)).toEqual(['europe-west4', 'europe-west6']);
    expect(nearestLocations('asia-east3').slice(0, 2)).toEqual(['asia-east2', 'asia-east1']);
  });

  it('maps other spellings of multi-regions and AWS areas', () => {
    expect(nearestLocations('eu')[0]).toBe('europe');
    expect(nearestLocations('eu-west-1')[0]).toBe('europe-west1');
    expect(nearestLocations('uscentral1')[0]).toBe('us-central1');
  });

  it('puts the data plane region first when it is close, and only then', () => {
    expect(nearestLocations('us-east', 'us-east4')[0]).toBe('us-east4');
    expect(nearestLocations('us-east-1', 'us-central1')[0]).toBe('us-central1');
    expect(nearestLocations('us-east-1', 'us-central1')).toContain('us-east1');
    expect(nearestLocations('europe-west5', 'us-central1')[0]).toBe('europe-west4');
    expect(nearestLocations('zzzzzz', 'us-east4')).toEqual([]);
  });

  it('never suggests restricted regions and honours the limit', () => {
    const restricted = GAR_REGIONS.filter((r) => r.restricted).map((r) => r.name);
    expect(restricted.length).toBeGreaterThan(0);
    for (const bad of ['us-central', 'us-east', 'us-west', 'us-central3']) {
      for (const s of nearestLocations(bad, undefined, 50)) expect(restricted).not.toContain(s);
    }
    expect(nearestLocations('us-east', undefined, 2)).toHaveLength(2);
    expect(nearestLocations('', 'us-east1')).toEqual([]);
  });
});

describe('gcrToArtifactRegistry', () => {
  it.each<[string, string, string | undefined]>([
    ['gcr.io', 'my-project', 'us-docker.pkg.dev/my-project/gcr.io'],
    ['us.gcr.io', 'my-project', 'us-docker.pkg.dev/my-project/us.gcr.io'],
    ['eu.gcr.io', 'my-project', 'europe-docker.pkg.dev/my-project/eu.gcr.io'],
    ['asia.gcr.io', 'my-project', 'asia-docker.pkg.dev/my-project/asia.gcr.io'],
    ['GCR.IO', 'p-123456', 'us-docker.pkg.dev/p-123456/gcr.io'],
    ['gcr.io', 'example.com:my-project', 'us-docker.pkg.dev/example.com/my-project/gcr.io'],
    ['gcr.io', 'example.com/my-project', 'us-docker.pkg.dev/example.com/my-project/gcr.io'],
    ['k8s.gcr.io', 'p', undefined],
    ['ghcr.io', 'p', undefined],
    ['gcr.io', '', undefined],
  ])('%s + %s', (host, project, expected) => {
    expect(gcrToArtifactRegistry(host, project)).toBe(expected);
  });

  it('maps to a repository the parser reads back with the same project and repository', () => {
    const p = parseRegistry(gcrToArtifactRegistry('eu.gcr.io', 'my-project')!);
    expect(p.gar!.location?.text).toBe('europe');
    expect(p.gar!.project?.text).toBe('my-project');
    expect(p.gar!.repository?.text).toBe('eu.gcr.io');
    expect(isValidGarRepositoryId(p.gar!.repository!.text)).toBe(true);
  });
});

describe('location and region data', () => {
  it('has unique, well-formed GAR regions with the multi-regions after them', () => {
    const names = GAR_REGIONS.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z]+-[a-z]+\d+$/);
    expect(GAR_LOCATION_NAMES).toEqual([...names, 'us', 'europe', 'asia']);
    expect(GAR_MULTI_REGIONS.map((m) => m.name)).toEqual(['us', 'europe', 'asia']);
    expect(garRegion('us-east1')?.city).toBe('South Carolina');
    expect(isGcpRegion('us-east1')).toBe(true);
    expect(isGcpRegion('us')).toBe(false);
  });

  it('keeps the EU list inside the region list and out of the UK and Switzerland', () => {
    for (const r of EU_REGIONS) expect(garRegion(r)).toBeDefined();
    expect(EU_REGIONS).not.toContain('europe-west2');
    expect(EU_REGIONS).not.toContain('europe-west6');
  });

  it('has AWS regions of every partition, unique', () => {
    const names = AWS_REGIONS.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z]{2}(-gov)?-[a-z]+-\d$/);
    expect(awsRegion('cn-northwest-1')?.partition).toBe('aws-cn');
    expect(awsRegion('us-gov-west-1')?.partition).toBe('aws-us-gov');
    expect(isAwsRegion('us-east-1')).toBe(true);
    expect(isAwsRegion('us-east1')).toBe(false);
  });
});

// ---------------------------------------------------------------------------
// Fuzz: never throw, and every reported offset points at its own text.

function segmentsOf(p: ParsedRegistry): Segment[] {
  const out: Segment[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string' && typeof o.start === 'number' && typeof o.end === 'number') out.push(o as unknown as Segment);
      for (const [k, x] of Object.entries(o)) if (k !== 'input') walk(x);
    }
  };
  walk(p);
  return out;
}

const registryish = fc.string({
  unit: fc.constantFrom(
    ...'abcxyzAZ0129.-_/:@`"\' \t\n'.split(''),
    'us-east1-docker.pkg.dev',
    'docker.',
    '.rep.pkg.dev',
    'gcr.io',
    'https://',
    'example.com',
    '.dkr.ecr.',
    '.amazonaws.com',
    'localhost',
    'é',
    '😀',
  ),
  maxLength: 40,
});

describe('fuzz', () => {
  const check = (s: string): void => {
    const p = parseRegistry(s);
    expect(p.input).toBe(s);
    for (const g of segmentsOf(p)) {
      expect(g.start).toBeGreaterThanOrEqual(0);
      expect(g.end).toBeLessThanOrEqual(s.length);
      expect(s.slice(g.start, g.end)).toBe(g.text);
    }
    for (const q of registryProblems(s)) expect(s.slice(q.start, q.end)).toBe(q.text);
    const n = normalizeRegistry(s);
    if (n !== undefined) {
      expect(flytekitOk(n)).toBe(true);
      expect(normalizeRegistry(n)).toBe(n);
      expect(registryProblems(n)).toEqual([]);
    }
    expect(Array.isArray(nearestLocations(s, s))).toBe(true);
    expect(typeof locationContains(s, s)).toBe('boolean');
    gcrToArtifactRegistry(s, s);
  };

  it('holds on registry-like strings', () => {
    fc.assert(fc.property(registryish, check), { seed: 20260318, numRuns: 1500 });
  });

  it('holds on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), check), { seed: 42, numRuns: 1000 });
  });
});
