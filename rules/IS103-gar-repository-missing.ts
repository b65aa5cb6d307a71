// Fixes append a repository the user knows about. `repositoryFixes` takes
// the candidates as a list so that the deep half can offer the project's
// listed repositories alongside the config's `gar.repositories`; the deep
// finding has the offline one's range, so it supersedes it (mergeDeep).

import type { ImageDecl } from '../server/model/decl';
import type { Fix, OfflineRule } from '../server/engine/types';
import { isPushable } from './shared/deepTarget';
import { strSubRange } from '../server/engine/ruleKit';
import { garProjectToProjectId } from '../server/model/registry';
import { checkedRegistry, spliceFix, type CheckedRegistry } from './shared/registry';
import { configRepositories, type KnownRepository } from './shared/knownRepositories';

const sameProject = (a: string, b: string): boolean => garProjectToProjectId(a) === garProjectToProjectId(b);

/**
 * One fix per candidate repository that fits the registry's location and
 * project, in the order given; the first is preferred. None is safe: which
 * repository the user meant is a guess. `dataplaneProject` completes bare
 * repository names when the registry names no project either.
 */
function repositoryFixes(decl: ImageDecl, reg: CheckedRegistry, repos: readonly KnownRepository[], dataplaneProject?: string): Fix[] {
  const gar = reg.p.gar;
  if (!gar) return [];
  const location = gar.location?.text;
  const project = gar.project;
  // A domain without the project id: appending a repository cannot help.
  if (project && !project.id) return [];
  const appended: string[] = [];
  for (const r of repos) {
    if (r.location && location && r.location !== location) continue;
    if (project) {
      if (r.project && !sameProject(r.project, project.text)) continue;
      appended.push(r.repository);
    } else if (r.project) {
      appended.push(`${r.project}/${r.repository}`);
    } else if (dataplaneProject) {
      appended.push(`${dataplaneProject.toLowerCase().replace(':', '/')}/${r.repository}`);
    }
  }
  const fixes: Fix[] = [];
  const end = reg.v.value.length;
  for (const a of [...new Set(appended)]) {
    const fix = spliceFix(decl, reg.v, end, end, '/' + a, a.includes('/') ? `Append project and repository \`${a}\`` : `Append repository \`${a}\``, {
      preferred: fixes.length === 0,
      safe: false,
    });
    if (fix) fixes.push(fix);
  }
  return fixes;
}

export const rule: OfflineRule = {
  code: 'IS103',
  name: 'gar-repository-missing',
  severity: 'error',
  summary: 'Artifact Registry registry without both a project and a repository',
  configKeys: ['gar.repositories', 'dataplane.project'],
  docs: {
    whatItDoes: 'Reports an Artifact Registry registry (`LOCATION-docker.pkg.dev/...`) that does not name both a project and a repository. Domain-scoped projects take two segments (`example.com/my-project`); segments after the repository are the image path and are fine. The fixes append a repository from `[tool.imagespec-lint.gar] repositories`, and with deep checks the project\'s existing standard DOCKER repositories.',
    runtimeError: { when: 'push', error: 'the push is denied or fails with "repository not found": flytekit pushes `REGISTRY/NAME:TAG`, that is into a repository named after the image, which a push never creates' },
    why:
      'Artifact Registry keeps images in repositories: `LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE`. Unlike Container ' +
      'Registry there are no images directly under a project, and a push never creates a repository. With ' +
      '`registry="us-east1-docker.pkg.dev/my-project"` flytekit pushes `.../my-project/NAME:TAG`, that is into a repository ' +
      'called NAME, and the push is denied or fails with "repository not found". Create a Docker repository first and put ' +
      'it in the registry. Domain-scoped projects take two segments (`example.com/my-project`). Repositories listed in ' +
      '`[tool.imagespec-lint.gar] repositories` are offered as fixes.',
    example: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project")',
    fixed: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/images")',
  },
  fixSafety: { kind: 'unsafe', note: 'Which repository the user meant is a guess.' },
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl, ctx) {
    const reg = checkedRegistry(decl);
    const gar = reg?.p.gar;
    if (!reg || !gar || gar.repository) return [];
    const host = reg.p.host.text;
    const project = gar.project;
    let message: string;
    if (!project) {
      message =
        `Artifact Registry needs a project and a repository: \`${reg.lower}\` names neither, and a push never creates them; ` +
        `create a Docker repository and use \`${host}/PROJECT/REPOSITORY\``;
    } else if (!project.id) {
      message =
        `Artifact Registry needs a project and a repository: \`${reg.lower}\` names only the domain of a domain-scoped project; ` +
        `use \`${host}/${project.text}/PROJECT/REPOSITORY\``;
    } else {
      message =
        `Artifact Registry needs a repository: \`${reg.lower}\` has no repository segment, and images cannot live directly ` +
        `under a project (flytekit would push into a repository named after the image); create one and use \`${reg.lower}/REPOSITORY\``;
    }
    return [
      {
        range: strSubRange(reg.v, 0, reg.v.value.length, ctx.lines),
        message,
        fixes: repositoryFixes(decl, reg, configRepositories(ctx.config), ctx.config.dataplane.project),
      },
    ];
  },
  // Deep half: the same finding, with the project's existing standard DOCKER
  // repositories (from the API listing) added to the configured ones. It has
  // the offline finding's range, so it supersedes it (engine mergeDeep).
  async deepCheck(decl, ctx) {
    const offline = this.check(decl, ctx);
    const reg = checkedRegistry(decl);
    const project = reg?.p.gar?.project;
    const location = reg?.p.gar?.location;
    if (!offline.length || !reg || !project?.id || !location) return [];
    // The service takes the project in image-path form and converts it for the API.
    const listed = await ctx.gar.listRepositories(project.text.toLowerCase(), (typeof location === 'string' ? location : location.text).toLowerCase());
    if (!listed.ok) return [];
    const known = listed.value.filter(isPushable).map((r) => ({ location: r.location, project: project.text.toLowerCase(), repository: r.repository }));
    if (!known.length) return [];
    return offline.map((f) => ({
      ...f,
      fixes: repositoryFixes(decl, reg, [...configRepositories(ctx.config), ...known], ctx.config.dataplane.project),
    }));
  },
};
