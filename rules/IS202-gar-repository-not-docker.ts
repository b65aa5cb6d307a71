// IS202 (deep): the repository exists but holds another format (MAVEN,
// PYTHON, ...). Docker clients cannot push images to it. Fixes: the standard
// DOCKER repositories of the same project and location.

import type { DeepRule } from '../server/engine/types';
import { alternatives, orList, repoAnswer, useRepositoryFixes } from './shared/deepTarget';

export const rule: DeepRule = {
  code: 'IS202',
  name: 'gar-repository-not-docker',
  severity: 'error',
  summary: 'Artifact Registry repository is not a DOCKER repository',
  deep: true,
  configKeys: ['deep', 'gar.endpoint'],
  docs: {
    why:
      'An Artifact Registry repository has one format for life. A `PYTHON` or `MAVEN` repository rejects Docker pushes, so the image is built and then cannot be pushed. Point the registry at a DOCKER repository of the project (deep check, `--deep`).',
    example: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/wheels")',
    fixed: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/images")',
  },
  async check(decl, ctx) {
    const got = await repoAnswer(decl, ctx);
    if (!got || !got.answer.ok) return [];
    const repo = got.answer.value;
    if (repo.format === 'DOCKER') return [];
    const { target } = got;
    const names = await alternatives(target, ctx, { all: true });
    const format = repo.format.replace(/^FORMAT_UNSPECIFIED$/, 'unspecified');
    return [
      {
        range: target.range,
        message:
          `Artifact Registry ${target.label} is a ${format} repository, not DOCKER${target.origin}: Docker images cannot be pushed to it; ` +
          (names.length ? `use a DOCKER repository such as ${orList(names)}` : `create a DOCKER repository in ${target.ref.location} and use it`),
        fixes: useRepositoryFixes(decl, target, names, true),
      },
    ];
  },
};
