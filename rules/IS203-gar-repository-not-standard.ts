// A repository of another format is IS202's finding: one finding per cause
// (rules/shared/deepTarget.ts).

import type { DeepRule } from '../server/engine/types';
import { alternatives, orList, repoAnswer, useRepositoryFixes } from './shared/deepTarget';

const WHAT: Record<string, string> = {
  REMOTE_REPOSITORY: 'a remote repository (a pull-through cache of an upstream registry)',
  VIRTUAL_REPOSITORY: 'a virtual repository (a read-only view over other repositories)',
};

export const rule: DeepRule = {
  code: 'IS203',
  name: 'gar-repository-not-standard',
  severity: 'error',
  summary: 'Artifact Registry repository is REMOTE or VIRTUAL and cannot be pushed to',
  deep: true,
  configKeys: ['deep', 'gar.endpoint'],
  docs: {
    whatItDoes: 'Deep check: reports a registry whose Artifact Registry repository is a DOCKER repository in REMOTE mode (a pull-through cache of an upstream) or VIRTUAL mode (a read-only view over other repositories). Both serve pulls only. Fixes: the standard DOCKER repositories of the same project and location.',
    runtimeError: { when: 'push', error: 'the push is rejected' },
    why:
      'Remote repositories cache an upstream (Docker Hub, another registry) and virtual repositories combine others for pulling; neither accepts pushes. Push to a standard DOCKER repository; a virtual repository can then include it for pulls (deep check, `--deep`).',
    example: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/dockerhub-mirror")',
    fixed: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/images")',
  },
  fixSafety: { kind: 'unsafe', note: 'Which repository to use instead is a guess.' },
  appliesTo: [{ sdk: 'flytekit' }],
  async check(decl, ctx) {
    const got = await repoAnswer(decl, ctx);
    if (!got || !got.answer.ok) return [];
    const repo = got.answer.value;
    // Another format is IS202's finding; one finding per cause.
    const what = WHAT[repo.mode];
    if (repo.format !== 'DOCKER' || !what) return [];
    const { target } = got;
    const names = await alternatives(target, ctx, { all: true });
    return [
      {
        range: target.range,
        message:
          `Artifact Registry ${target.label} is ${what}${target.origin}: it cannot be pushed to; ` +
          (names.length ? `push to a standard DOCKER repository such as ${orList(names)}` : `create a standard DOCKER repository in ${target.ref.location} and push there`),
        fixes: useRepositoryFixes(decl, target, names, true),
      },
    ];
  },
};
