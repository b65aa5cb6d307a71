import { describe, expect, it } from 'vitest';
import { HOST, L, P, applied, codeOf, coveredText, deepLint, resource, spec, useGarServer } from './helpers/deep';

const env = useGarServer();

describe('IS201 repository not found (deep)', () => {
  it('reports a missing repository on its segment, with "use existing" and "create" fixes', async () => {
    env.add('images');
    env.add('ml-images');
    env.add('wheels', { format: 'PYTHON' });
    env.add('imgs-mirror', { mode: 'REMOTE_REPOSITORY' });
    const o = await deepLint(spec(`${HOST}/${P}/imgs`), env.service(), { select: ['IS2'] });
    const [f] = codeOf(o, 'IS201');
    expect(codeOf(o, 'IS201')).toHaveLength(1);
    expect(o.findings.map((x) => x.code)).toEqual(['IS201']);
    expect(f.severity).toBe('error');
    expect(f.range).toEqual({ start: { line: 1, character: 79 }, end: { line: 1, character: 83 } });
    expect(coveredText(o, f)).toBe('imgs');
    expect(f.message).toBe(
      'Artifact Registry repository `imgs` (project `imagespec-test`, us-east1) does not exist: Artifact Registry does not create repositories on push, so the push will fail; did you mean `images`? Otherwise create it (DOCKER, in us-east1)',
    );
    // Only pushable repositories are offered: not the PYTHON one, not the remote mirror.
    expect(f.fixes.map((x) => x.title)).toEqual([
      'Use existing repository `images`',
      'Create DOCKER repository `imgs` in project `imagespec-test` (us-east1)',
    ]);
    expect(f.fixes[0]).toMatchObject({ preferred: true, safe: false });
    expect(applied(o, f.fixes[0])).toBe(spec(`${HOST}/${P}/images`));
    expect(f.fixes[1]).toEqual({
      title: 'Create DOCKER repository `imgs` in project `imagespec-test` (us-east1)',
      edits: [],
      command: {
        id: 'imagespec.createRepository',
        title: 'Create DOCKER repository `imgs` in project `imagespec-test` (us-east1)',
        args: { project: P, location: L, repository: 'imgs' },
      },
      preferred: false,
      safe: false,
    });
  });

  it('checks the push registry of the Flyte config for a flyte.Image that names none; only the create command is offered', async () => {
    env.add('images');
    const src = 'import flyte\n\nimg = flyte.Image.from_debian_base(name="etl").with_pip_packages("pandas")\n';
    const config = (repo: string) => ({ 'config.yaml': `image:\n  builder: local\n  registry: ${HOST}/${P}/${repo}\n` });
    const o = await deepLint(src, env.service(), { select: ['IS2'], files: config('imgs') });
    const [f] = codeOf(o, 'IS201');
    expect(o.findings.map((x) => x.code)).toEqual(['IS201']);
    expect(coveredText(o, f)).toBe('from_debian_base');
    expect(f.message).toBe(
      'Artifact Registry repository `imgs` (project `imagespec-test`, us-east1) does not exist: Artifact Registry does not create repositories on push, so the push will fail; did you mean `images`? Otherwise create it (DOCKER, in us-east1) (the image names no registry: the local builder pushes it to `us-east1-docker.pkg.dev/imagespec-test/imgs`, from image.registry in config.yaml)',
    );
    expect(f.fixes.map((x) => [x.title, x.edits.length])).toEqual([['Create DOCKER repository `imgs` in project `imagespec-test` (us-east1)', 0]]);
    const ok = await deepLint(src, env.service({ cache: false }), { select: ['IS2'], files: config('images') });
    expect(ok.findings).toEqual([]);
  });

  it('is clean when the repository exists, and never reports NOT_FOUND as IS205', async () => {
    env.add('images');
    const o = await deepLint(spec(`${HOST}/${P}/images/etl-path`), env.service(), { select: ['IS2'] });
    expect(o.findings).toEqual([]);
    expect(env.gar.calls.GetRepository).toBe(1);
    const missing = await deepLint(spec(`${HOST}/${P}/gone`), env.service({ cache: false }), { select: ['IS2'] });
    expect(missing.findings.map((x) => x.code)).toEqual(['IS201']);
  });

  it('asks nothing for an unknown registry, or one the offline rules reject', async () => {
    const src =
      'import os\nfrom flytekit import ImageSpec\n' +
      'a = ImageSpec(name="a", registry=os.getenv("REG"))\n' +
      'b = ImageSpec(name="b", registry=f"{HOST}/p/r")\n' +
      `c = ImageSpec(name="c", registry="us-east-1-docker.pkg.dev/${P}/images")\n` +
      `d = ImageSpec(name="d", registry="${HOST}/${P}")\n` +
      `e = ImageSpec(name="e", registry="${HOST}/Bad_Project/images")\n` +
      `f = ImageSpec(name="f", registry="us-east1-python.pkg.dev/${P}/images")\n` +
      `g = ImageSpec(name="g", registry="ghcr.io/acme")\n`;
    const o = await deepLint(src, env.service(), { select: ['IS2'] });
    expect(o.findings).toEqual([]);
    expect(env.gar.requests).toEqual([]);
  });

  it('says "the default of $X" and rewrites the default literal', async () => {
    env.add('images');
    const src = `import os\nfrom flytekit import ImageSpec\nimage = ImageSpec(name="etl", registry=os.getenv("REG", "${HOST}/${P}/imagess"))\n`;
    const o = await deepLint(src, env.service(), { select: ['IS201'] });
    const [f] = codeOf(o, 'IS201');
    // The value is not a literal at the use site: the whole expression is underlined.
    expect(coveredText(o, f)).toBe(`os.getenv("REG", "${HOST}/${P}/imagess")`);
    expect(f.message).toContain('repository `imagess` (project `imagespec-test`, us-east1) does not exist (the default of $REG): ');
    expect(applied(o, f.fixes[0])).toBe(src.replace('/imagess"', '/images"'));
  });

  it('offers only creation when nothing is close or the listing is denied', async () => {
    env.add('images');
    env.gar.setFault(`projects/${P}/locations/${L}`, { kind: 'permission-denied', methods: ['ListRepositories'] });
    const o = await deepLint(spec(`${HOST}/${P}/imgs`), env.service(), { select: ['IS201'] });
    const [f] = codeOf(o, 'IS201');
    expect(f.message).toBe(
      'Artifact Registry repository `imgs` (project `imagespec-test`, us-east1) does not exist: Artifact Registry does not create repositories on push, so the push will fail; create it (DOCKER, in us-east1) or use an existing repository',
    );
    expect(f.fixes).toHaveLength(1);
    expect(f.fixes[0]).toMatchObject({ preferred: true, command: { args: { project: P, location: L, repository: 'imgs' } } });
  });

  it('maps gcr.io hosts to their Artifact Registry repository', async () => {
    const o = await deepLint(spec(`eu.gcr.io/${P}`), env.service(), { select: ['IS201'] });
    const [f] = codeOf(o, 'IS201');
    expect(coveredText(o, f)).toBe(`eu.gcr.io/${P}`);
    expect(env.gar.requests.map((r) => r.resource)).toEqual([resource('eu.gcr.io', P, 'europe')]);
    expect(f.message).toBe(
      'Artifact Registry repository `eu.gcr.io` (project `imagespec-test`, europe), which serves `eu.gcr.io/imagespec-test` since Container Registry moved to Artifact Registry, does not exist: Artifact Registry does not create repositories on push, so the push will fail; create it (`gcloud artifacts repositories create eu.gcr.io --repository-format=docker --location=europe --project=imagespec-test`) or push to an Artifact Registry repository',
    );
    expect(f.fixes.map((x) => x.command?.args)).toEqual([{ project: P, location: 'europe', repository: 'eu.gcr.io' }]);
  });

  it('asks once per repository: 12 declarations over 3 repositories make 3 GetRepository calls', async () => {
    env.add('images');
    env.gar.latencyMs = 20;
    const repos = ['images', 'gone-a', 'gone-b'];
    const lines = Array.from({ length: 12 }, (_, i) => `i${i} = ImageSpec(name="n${i}", registry="${HOST}/${P}/${repos[i % 3]}")`);
    const src = `from flytekit import ImageSpec\n${lines.join('\n')}\n`;
    const service = env.service();
    const o = await deepLint(src, service, { select: ['IS2'] });
    expect(codeOf(o, 'IS201')).toHaveLength(8);
    expect(env.gar.calls.GetRepository).toBe(3);
    // One listing for the location, shared by every IS201.
    expect(env.gar.calls.ListRepositories).toBe(1);
    expect(env.gar.calls.TestIamPermissions).toBe(1);

    // A second run within the TTL, from the disk cache: no request at all.
    env.gar.resetCounts();
    const again = await deepLint(src, env.service(), { select: ['IS2'] });
    const strip = (fs: typeof o.findings) => fs.map(({ file: _file, ...rest }) => rest);
    expect(strip(again.findings)).toEqual(strip(o.findings));
    expect(env.gar.requests).toEqual([]);
  });

  it('creating the repository through the fix command makes the next check find it', async () => {
    const service = env.service();
    const o = await deepLint(spec(`${HOST}/${P}/new-images`), service, { select: ['IS201'] });
    const cmd = codeOf(o, 'IS201')[0].fixes.find((x) => x.command)!.command!;
    const created = await service.createRepository(cmd.args as { project: string; location: string; repository: string });
    expect(created).toMatchObject({ ok: true, value: { name: resource('new-images'), format: 'DOCKER', mode: 'STANDARD_REPOSITORY' } });
    expect(env.gar.calls.CreateRepository).toBe(1);
    // A fresh service without cache asks the server, which now has it.
    env.gar.resetCounts();
    const after = await deepLint(spec(`${HOST}/${P}/new-images`), env.service({ cache: false }), { select: ['IS2'] });
    expect(after.findings).toEqual([]);
    expect(env.gar.calls.GetRepository).toBe(1);
  });
});
