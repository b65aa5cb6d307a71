// IS201 (deep): Artifact Registry answers NOT_FOUND for the repository the
// registry names. Unlike Docker Hub or GHCR, GAR never creates a repository on
// push, so the build succeeds and the push fails with "name unknown". Fixes:
// the existing DOCKER repositories of the same project and location with a
// close name (text edits), and creating the repository (an editor command, or
// the CLI's explicit --create-missing-repositories).

import type { DeepRule, Fix, RuleFinding } from '../server/engine/types';
import { apiProjectId } from '../server/gar/service';
import { alternatives, orList, repoAnswer, useRepositoryFixes } from './shared/deepTarget';

export const rule: DeepRule = {
  code: 'IS201',
  name: 'gar-repository-not-found',
  severity: 'error',
  summary: 'Artifact Registry repository does not exist (the push will fail)',
  deep: true,
  configKeys: ['deep', 'gar.endpoint', 'gar.timeout'],
  docs: {
    why:
      'Artifact Registry does not create repositories on push: `docker push us-east1-docker.pkg.dev/my-project/imgs/etl:TAG` fails with `name unknown` when `imgs` does not exist, after the whole image was built. This check asks the Artifact Registry API (deep checks, `--deep`). Fix the name, or create the repository (format DOCKER, in the location of the URI) from your editor or with `imagespec-lint --deep --create-missing-repositories`.',
    example: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/imgs")',
    fixed: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/images")',
  },
  async check(decl, ctx) {
    const got = await repoAnswer(decl, ctx);
    if (!got || got.answer.ok || got.answer.failure.kind !== 'not-found') return [];
    const { target } = got;
    const { project, location, repository } = target.ref;
    const names = await alternatives(target, ctx, { all: false });
    const fixes: Fix[] = useRepositoryFixes(decl, target, names, true);
    const title = `Create DOCKER repository \`${repository}\` in project \`${project}\` (${location})`;
    fixes.push({
      title,
      edits: [],
      command: { id: 'imagespec.createRepository', title, args: { project, location, repository } },
      preferred: fixes.length === 0,
      safe: false,
    });
    const hint =
      target.kind === 'gcr'
        ? `create it (\`gcloud artifacts repositories create ${repository} --repository-format=docker --location=${location} --project=${apiProjectId(project)}\`) or push to an Artifact Registry repository`
        : names.length
          ? `did you mean ${orList(names)}? Otherwise create it (DOCKER, in ${location})`
          : `create it (DOCKER, in ${location}) or use an existing repository`;
    const finding: RuleFinding = {
      range: target.range,
      message: `Artifact Registry ${target.label} does not exist${target.origin}: Artifact Registry does not create repositories on push, so the push will fail; ${hint}`,
      fixes,
    };
    return [finding];
  },
};
