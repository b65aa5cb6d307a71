// A failed permission check is not a finding: IS205 speaks for failed
// checks of the repository itself.

import type { DeepRule } from '../server/engine/types';
import { UPLOAD_PERMISSION, apiProjectId } from '../server/gar/service';
import { isPushable, repoAnswer } from './shared/deepTarget';

export const rule: DeepRule = {
  code: 'IS204',
  name: 'gar-upload-denied',
  severity: 'warning',
  summary: 'Caller lacks permission to push to the Artifact Registry repository',
  deep: true,
  configKeys: ['deep', 'gar.endpoint'],
  docs: {
    whatItDoes: 'Deep check: reports a pushable repository on which the identity of your Application Default Credentials lacks `artifactregistry.repositories.uploadArtifacts` (asked with testIamPermissions). A warning: CI may push as another identity than the developer linting.',
    runtimeError: { when: 'push', error: 'the push as that identity is denied (403)' },
    why:
      'Pushing needs `artifactregistry.repositories.uploadArtifacts` (roles/artifactregistry.writer) on the repository. Without it the image builds and the push fails with 403 "denied". The check asks `testIamPermissions` as the identity of your Application Default Credentials; if your CI pushes as another identity, grant that one instead (deep check, `--deep`).',
    example: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/other-team/images")',
  },
  fixSafety: { kind: 'none', note: 'Granting a role is for the project\'s owners; the message gives the command.' },
  appliesTo: [{ sdk: 'flytekit' }],
  async check(decl, ctx) {
    const got = await repoAnswer(decl, ctx);
    if (!got || !got.answer.ok || !isPushable(got.answer.value)) return [];
    const { target } = got;
    const can = await ctx.gar.canUpload(target.ref);
    // No answer is not a finding: IS205 speaks for failed checks of the repository itself.
    if (!can.ok || can.value) return [];
    const { project, location, repository } = target.ref;
    return [
      {
        range: target.range,
        message:
          `${ctx.gar.identity} lacks \`${UPLOAD_PERMISSION}\` on Artifact Registry ${target.label}${target.origin}: a push as this identity will be denied; ` +
          `ask for roles/artifactregistry.writer on it (\`gcloud artifacts repositories add-iam-policy-binding ${repository} --location=${location} --project=${apiProjectId(project)} --member=... --role=roles/artifactregistry.writer\`)`,
      },
    ];
  },
};
