// Local registries and self-hosted ones on a port or a private name often
// need no login and are not judged; a host that cannot exist (IS104, IS105)
// needs a new location, not a login. `registry_config` is not a credentials
// source: the default builder ignores it and envd passes it to buildkit as
// TLS and mirror settings. A Docker config that cannot be read is reported
// once per run instead.

import type { Fix, OfflineRule, RuleFinding } from '../server/engine/types';
import type { DockerConfigInfo } from '../server/engine/dockerConfig';
import { isGarLocation, type ParsedRegistry } from '../server/model/registry';
import { describeOrigin } from '../server/model/decl';
import { strSubRange } from '../server/engine/ruleKit';
import { pushingBuilder } from './shared/builder';
import { checkedRegistry } from './shared/registry';
import { displayPath } from './shared/projectPaths';

const DOCKER_HUB_ALIASES = ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'];

/** A Docker config key (`https://index.docker.io/v1/`, `us-docker.pkg.dev`) as the host it stands for, the way the docker CLI compares them. */
function configKeyHost(key: string): string {
  let h = key.trim().toLowerCase();
  h = h.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const slash = h.indexOf('/');
  if (slash >= 0) h = h.slice(0, slash);
  return h;
}

function sameHost(key: string, host: string): boolean {
  const k = configKeyHost(key);
  if (k === host) return true;
  return DOCKER_HUB_ALIASES.includes(k) && DOCKER_HUB_ALIASES.includes(host);
}

/** Whether the Docker config names credentials for `host` (lowercase, with port). */
function hasCredentials(cfg: DockerConfigInfo, host: string): boolean {
  return Object.keys(cfg.credHelpers).some((k) => sameHost(k, host)) || cfg.auths.some((k) => sameHost(k, host));
}

/** Hosts that certainly need a login to push. Undefined for hosts we do not judge. */
function needsLogin(p: ParsedRegistry): boolean {
  switch (p.kind) {
    case 'gar':
    case 'gcr':
    case 'ecr':
    case 'ecr-public':
    case 'ghcr':
    case 'acr':
    case 'dockerhub':
      return true;
    case 'other': {
      // A public DNS name without a port (quay.io, registry.gitlab.com, harbor.example.com).
      const h = p.host.text.toLowerCase();
      if (p.port || !h.includes('.')) return false;
      if (/^\d+(\.\d+){3}$/.test(h) || h.startsWith('[')) return false;
      return !/\.(local|localhost|internal|lan|home|corp|svc|cluster\.local|test|example|invalid)$/.test(h);
    }
    default:
      return false;
  }
}

/** The credential helper `gcloud auth configure-docker` / the ECR helper would add for a host, if any. */
function helperFor(p: ParsedRegistry): 'gcloud' | 'ecr-login' | undefined {
  if (p.kind === 'gar' || p.kind === 'gcr') return 'gcloud';
  if (p.kind === 'ecr') return 'ecr-login';
  return undefined;
}

function loginAdvice(p: ParsedRegistry, host: string): string {
  switch (p.kind) {
    case 'gar':
    case 'gcr':
      return `run \`gcloud auth configure-docker ${host}\``;
    case 'ecr':
      return `configure the Amazon ECR credential helper (\`"credHelpers": {"${host}": "ecr-login"}\`) or run \`aws ecr get-login-password${p.ecr?.region ? ` --region ${p.ecr.region.text}` : ''} | docker login --username AWS --password-stdin ${host}\``;
    case 'ecr-public':
      return `run \`aws ecr-public get-login-password --region us-east-1 | docker login --username AWS --password-stdin public.ecr.aws\``;
    case 'ghcr':
      return 'run `docker login ghcr.io` with a personal access token that has `write:packages`';
    case 'acr':
      return `run \`az acr login --name ${p.acr?.name.text ?? host}\``;
    case 'dockerhub':
      return 'run `docker login`';
    default:
      return `run \`docker login ${host}\``;
  }
}

export const rule: OfflineRule = {
  code: 'IS601',
  name: 'push-credentials',
  severity: 'warning',
  summary: 'Push host has no credentials in the Docker config',
  docs: {
    whatItDoes: 'Reports a registry whose host has no credentials in the Docker client config (`~/.docker/config.json` or `$DOCKER_CONFIG/config.json`): no `credHelpers` entry and no `auths` entry. Checked only when the image will be pushed with the local Docker client (a registry is set and the effective builder is `default` or `envd`: named in the spec or config, or, when unset, the project installs no builder that could take over).',
    runtimeError: { when: 'push', error: 'the push is denied after the whole build' },
    why: 'flytekit builds and pushes with your local Docker client, which looks up credentials for the registry host in `~/.docker/config.json` (or `$DOCKER_CONFIG/config.json`): a `credHelpers` entry, or an `auths` entry written by `docker login`. Without one the push is denied, after the whole build. For Artifact Registry, `gcloud auth configure-docker HOST` adds the `gcloud` helper; for ECR, the `ecr-login` helper does the same.',
    example: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/images")  # no credHelpers entry for us-east1-docker.pkg.dev',
  },
  fixSafety: { kind: 'none', note: 'No text fix. For Artifact Registry and ECR hosts, a command adds the credential helper to the Docker config (as `gcloud auth configure-docker HOST` does).', commands: ['imagespec.configureDocker'] },
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl, ctx) {
    const reg = checkedRegistry(decl);
    if (!reg) return [];
    // Only specs whose builder pushes with the local Docker client.
    // An unknown builder (union installed: Union's remote builder may take over) is silence.
    // Flyte 2 images reach here only with the local builder (rules/index.ts gates them).
    if (decl.kind !== 'flyte2' && !pushingBuilder(decl, ctx)) return [];
    // registry_config is not a credentials source: the default builder ignores
    // it, envd passes it to buildkit as TLS/mirror settings, and both push with
    // the Docker client's credentials.
    const { v, p } = reg;
    if (!needsLogin(p)) return [];
    // A host that cannot exist (IS104 / IS105 report it) needs a new location,
    // not a login: configuring Docker for it would be the wrong advice.
    if (p.kind === 'gar' && (!p.gar?.location || !isGarLocation(p.gar.location.text.toLowerCase()) || p.gar.format?.text.toLowerCase() !== 'docker')) return [];
    const host = p.registryHost;
    const range = p.host.end > p.host.start ? strSubRange(v, p.host.start, p.host.end, ctx.lines) : v.range;
    const cfg = ctx.dockerConfig();
    if (cfg.error) {
      if (!ctx.once(`IS601:docker-config:${cfg.path}`)) return [];
      return [
        {
          range,
          message: `Cannot check credentials for \`${host}\`: the Docker config ${displayPath(ctx, cfg.path)} ${cfg.error}. The docker client cannot use it either, so the push will fail; repair the file (or point DOCKER_CONFIG at another folder)`,
        },
      ];
    }
    if (hasCredentials(cfg, host)) return [];
    const helper = helperFor(p);
    const fixes: Fix[] = [];
    if (helper) {
      fixes.push({
        title: helper === 'gcloud' ? `Add the gcloud credential helper for ${host} (as \`gcloud auth configure-docker ${host}\`)` : `Add the ecr-login credential helper for ${host}`,
        edits: [],
        command: { id: 'imagespec.configureDocker', title: `Configure Docker for ${host}`, args: { host, helper } },
        preferred: true,
        safe: false,
      });
    }
    const shownPath = displayPath(ctx, cfg.path);
    const where = cfg.exists ? shownPath : `${shownPath}, which does not exist`;
    const out: RuleFinding = {
      range,
      message: `No credentials for \`${host}\`${describeOrigin(v)} in the Docker config (${where}): the push after the build will be denied. To fix it, ${loginAdvice(p, host)}`,
      fixes,
    };
    return [out];
  },
};
