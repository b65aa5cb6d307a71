import { describe, expect, it } from 'vitest';
import type { DockerConfigInfo } from '../server/engine/dockerConfig';
import { covered, lintSource, only } from './helpers/lint';

const HEAD = 'from flytekit import ImageSpec\n';
const PATH = '/home/u/.docker/config.json';
const docker = (o: Partial<DockerConfigInfo> = {}): DockerConfigInfo => ({ path: PATH, exists: true, credHelpers: {}, auths: [], ...o });

describe('IS601 push host without Docker credentials', () => {
  it('reports a GAR host with no helper, on the host, with the configure-docker command', () => {
    const src = HEAD + 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/images")\n';
    const out = lintSource(src, { select: ['IS601'], docker: docker({ credHelpers: { 'europe-docker.pkg.dev': 'gcloud' }, credsStore: 'desktop' }) });
    const fs = only(out, 'IS601');
    expect(fs).toHaveLength(1);
    const [f] = fs;
    expect(f.severity).toBe('warning');
    expect(f.range).toEqual({ start: { line: 1, character: 40 }, end: { line: 1, character: 63 } });
    expect(covered(out, f)).toBe('us-east1-docker.pkg.dev');
    expect(f.message).toBe(
      `No credentials for \`us-east1-docker.pkg.dev\` in the Docker config (${PATH}): the push after the build will be denied. To fix it, run \`gcloud auth configure-docker us-east1-docker.pkg.dev\``,
    );
    expect(f.fixes).toEqual([
      {
        title: 'Add the gcloud credential helper for us-east1-docker.pkg.dev (as `gcloud auth configure-docker us-east1-docker.pkg.dev`)',
        edits: [],
        command: { id: 'imagespec.configureDocker', title: 'Configure Docker for us-east1-docker.pkg.dev', args: { host: 'us-east1-docker.pkg.dev', helper: 'gcloud' } },
        preferred: true,
        safe: false,
      },
    ]);
  });

  it('offers ecr-login for ECR and names a missing config file', () => {
    const src = HEAD + 'image = ImageSpec(registry="123456789012.dkr.ecr.us-west-2.amazonaws.com/team")\n';
    const out = lintSource(src, { select: ['IS601'], docker: docker({ exists: false }) });
    const [f] = only(out, 'IS601');
    expect(f.message).toBe(
      `No credentials for \`123456789012.dkr.ecr.us-west-2.amazonaws.com\` in the Docker config (${PATH}, which does not exist): the push after the build will be denied. ` +
        'To fix it, configure the Amazon ECR credential helper (`"credHelpers": {"123456789012.dkr.ecr.us-west-2.amazonaws.com": "ecr-login"}`) or run `aws ecr get-login-password --region us-west-2 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-west-2.amazonaws.com`',
    );
    expect(f.fixes.map((x) => x.command?.args)).toEqual([{ host: '123456789012.dkr.ecr.us-west-2.amazonaws.com', helper: 'ecr-login' }]);
  });

  it('reports GHCR and Docker Hub without a helper fix', () => {
    const out = lintSource(HEAD + 'a = ImageSpec(registry="ghcr.io/acme")\nb = ImageSpec(registry="acme")\n', { select: ['IS601'], docker: docker() });
    const fs = only(out, 'IS601');
    expect(fs.map((f) => covered(out, f))).toEqual(['ghcr.io', '"acme"']);
    expect(fs[0].message).toContain('run `docker login ghcr.io` with a personal access token that has `write:packages`');
    expect(fs[1].message).toContain('No credentials for `docker.io`');
    expect(fs.every((f) => f.fixes.length === 0)).toBe(true);
  });

  it('finds credentials in credHelpers and auths, whatever the key form', () => {
    const cfg = docker({
      credHelpers: { 'us-east1-docker.pkg.dev': 'gcloud' },
      auths: ['https://index.docker.io/v1/', 'https://ghcr.io', 'quay.io'],
    });
    const cases = [
      'image = ImageSpec(registry="us-east1-docker.pkg.dev/p1-proj/r")\n',
      'image = ImageSpec(registry="docker.io/acme")\n',
      'image = ImageSpec(registry="acme")\n',
      'image = ImageSpec(registry="ghcr.io/acme")\n',
      'image = ImageSpec(registry="quay.io/acme")\n',
    ];
    for (const c of cases) expect(only(lintSource(HEAD + c, { select: ['IS601'], docker: cfg }), 'IS601'), c).toEqual([]);
  });

  it('checks only hosts that will be pushed to', () => {
    const cases = [
      'image = ImageSpec(name="x")\n',
      'image = ImageSpec(registry="localhost:30000")\n',
      'image = ImageSpec(registry="registry.internal:5000/team")\n',
      'image = ImageSpec(registry="ghcr.io/acme", builder="noop")\n',
      'image = ImageSpec(registry="ghcr.io/acme", builder="union")\n',
      'image = ImageSpec(registry="ghcr.io/acme", builder=pick())\n',
      'image = ImageSpec(registry="ghcr.io/acme", **opts)\n',
      'image = ImageSpec(registry=REGISTRY())\n',
      'image = ImageSpec(registry="https://ghcr.io/acme/")\n', // IS101's finding
      'image = ImageSpec(registry="us-east-1-docker.pkg.dev/p/images")\n', // IS104's: the host cannot exist
      'image = ImageSpec(registry="us-east1-python.pkg.dev/p/images")\n', // IS105's: not a Docker host
    ];
    for (const c of cases) expect(only(lintSource(HEAD + c, { select: ['IS601'], docker: docker() }), 'IS601'), c).toEqual([]);
    const pushed = [
      'image = ImageSpec(registry="ghcr.io/acme", builder="envd", **opts)\n',
      'image = ImageSpec(registry="ghcr.io/acme", builder="default", registry_config="buildkitd.json")\n',
      'image = ImageSpec(registry="quay.io/acme")\n',
    ];
    for (const c of pushed) expect(only(lintSource(HEAD + c, { select: ['IS601'], docker: docker() }), 'IS601'), c).toHaveLength(1);
  });

  it('reports a corrupt Docker config once per run, clearly, and never crashes', () => {
    const broken = docker({ error: 'is not valid JSON: Unexpected token } in JSON at position 12' });
    const src = HEAD + 'a = ImageSpec(registry="ghcr.io/acme")\nb = ImageSpec(registry="us-docker.pkg.dev/p1-proj/r")\n';
    const out = lintSource(src, { select: ['IS601'], docker: broken });
    const fs = only(out, 'IS601');
    expect(fs).toHaveLength(1);
    expect(covered(out, fs[0])).toBe('ghcr.io');
    expect(fs[0].message).toBe(
      `Cannot check credentials for \`ghcr.io\`: the Docker config ${PATH} is not valid JSON: Unexpected token } in JSON at position 12. The docker client cannot use it either, so the push will fail; repair the file (or point DOCKER_CONFIG at another folder)`,
    );
    expect(out.run.internalErrors).toEqual([]);
  });
});
