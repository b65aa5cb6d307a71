// The deep half of IS302 (RULES.md: "deep: W when the configured node service
// account has no reader binding on the repository").
//
// Design: one code is one rule, so this is not a rule of its own. IS302
// (rules/IS302-gar-project-mismatch.ts, offline) names this function as its
// `deepCheck`; the engine runs `check` in the offline pass and `deepCheck` in
// the deep pass only (server/engine/lint.ts lintDeep). The warning sits on the
// same range as IS302's offline information (the project segment), so where
// the passes are merged the warning supersedes the information: the user sees
// "needs reader access" offline and "has no reader binding" once Artifact
// Registry has answered, never both.
//
// It speaks only when it knows: the repository exists, its IAM policy was
// readable (getIamPolicy needs more than reader access; a denied policy read
// is silence, not a finding), and no binding on it grants a role that can
// pull to the account (or to everyone). Grants on the project are not part of
// a repository's policy, which the message says.

import type { DeepRuleContext, RuleFinding } from '../../server/engine/types';
import type { ImageDecl } from '../../server/model/decl';
import { strSubRange } from '../../server/engine/ruleKit';
import { garProjectToProjectId, parseRegistry } from '../../server/model/registry';
import { READER_ROLE, apiProjectId } from '../../server/gar/service';
import { repoAnswer } from './deepTarget';

/** Roles that include artifactregistry.repositories.downloadArtifacts. */
const PULL_ROLES = new Set([
  READER_ROLE,
  'roles/artifactregistry.writer',
  'roles/artifactregistry.repoAdmin',
  'roles/artifactregistry.admin',
  'roles/artifactregistry.createOnPushWriter',
  'roles/artifactregistry.createOnPushRepoAdmin',
  'roles/viewer',
  'roles/editor',
  'roles/owner',
]);

export async function readerBindingCheck(decl: ImageDecl, ctx: DeepRuleContext): Promise<RuleFinding[]> {
  const dp = ctx.config.dataplane;
  const dpProject = dp.project?.trim().toLowerCase();
  const sa = dp.nodeServiceAccount?.trim().replace(/^serviceAccount:/i, '').toLowerCase();
  if (!dpProject || !sa) return [];
  const got = await repoAnswer(decl, ctx);
  if (!got || got.target.kind !== 'gar' || !got.answer.ok) return [];
  const { target } = got;
  const own = apiProjectId(target.ref.project);
  if (own === garProjectToProjectId(dpProject)) return [];
  const policy = await ctx.gar.getIamBindings(target.ref);
  if (!policy.ok) return [];
  const member = `serviceaccount:${sa}`;
  const granted = policy.value.some(
    (b) => PULL_ROLES.has(b.role) && b.members.some((m) => ['allusers', 'allauthenticatedusers', member].includes(m.toLowerCase())),
  );
  if (granted) return [];
  const project = parseRegistry(target.value.value).gar?.project;
  const range = project ? strSubRange(target.value, project.start, project.end, ctx.lines) : target.range;
  const { location, repository } = target.ref;
  return [
    {
      range,
      severity: 'warning',
      message:
        `Images go to project \`${own}\`${target.origin}, but the data plane runs in \`${garProjectToProjectId(dpProject)}\`: ` +
        `its node service account \`${sa}\` has no ${READER_ROLE} binding on repository \`${location}/${target.ref.project}/${repository}\`, so pods fail with ImagePullBackOff unless the project grants it; ` +
        `grant it with \`gcloud artifacts repositories add-iam-policy-binding ${repository} --location=${location} --project=${own} --member=serviceAccount:${sa} --role=${READER_ROLE}\``,
    },
  ];
}
