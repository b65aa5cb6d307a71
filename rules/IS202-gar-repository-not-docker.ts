// One rule speaks per answer about a repository (rules/shared/deepTarget.ts).

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
    whatItDoes: 'Deep check: reports a registry whose Artifact Registry repository exists but holds another format (MAVEN, PYTHON, ...). Fixes: the standard DOCKER repositories of the same project and location.',
    runtimeError: { when: 'push', error: 'Docker clients cannot push to a repository of another format: the image is built and then cannot be pushed' },
    why:
      'An Artifact Registry repository has one format for life. A `PYTHON` or `MAVEN` repository rejects Docker pushes, so the image is built and then cannot be pushed. Point the registry at a DOCKER repository of the project (deep check, `--deep`).',
    example: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/wheels")',
    fixed: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/images")',
  },
  fixSafety: { kind: 'unsafe', note: 'Which repository to use instead is a guess.' },
  appliesTo: [{ sdk: 'flytekit' }],
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
