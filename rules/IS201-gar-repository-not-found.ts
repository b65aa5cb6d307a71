// One rule speaks per answer about a repository (rules/shared/deepTarget.ts
// explains the split between IS201-IS205).

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
    whatItDoes: 'Deep check: reports a registry whose Artifact Registry repository does not exist (the API answers NOT_FOUND). Artifact Registry never creates a repository on push. Fixes: existing DOCKER repositories of the same project and location with a close name, and creating the repository (an editor command, or `--deep --create-missing-repositories`).',
    runtimeError: { when: 'push', error: '`name unknown`: the push fails after the whole image was built' },
    why:
      'Artifact Registry does not create repositories on push: `docker push us-east1-docker.pkg.dev/my-project/imgs/etl:TAG` fails with `name unknown` when `imgs` does not exist, after the whole image was built. This check asks the Artifact Registry API (deep checks, `--deep`). Fix the name, or create the repository (format DOCKER, in the location of the URI) from your editor or with `imagespec-lint --deep --create-missing-repositories`.',
    example: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/imgs")',
    fixed: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/images")',
  },
  fixSafety: { kind: 'unsafe', note: 'Which existing repository was meant is a guess; creating a repository is a command an editor or an explicit CLI flag runs.', commands: ['imagespec.createRepository'] },
  appliesTo: [{ sdk: 'flytekit' }],
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
