// Offline it can only say "needs reader access" (information); whether the
// binding exists is the deep half's question (rules/shared/readerBinding.ts,
// a warning at the same range, which supersedes this finding).

import { describeOrigin } from '../server/model/decl';
import type { OfflineRule } from '../server/engine/types';
import { strSubRange } from '../server/engine/ruleKit';
import { garProjectToProjectId } from '../server/model/registry';
import { checkedRegistry } from './shared/registry';
import { readerBindingCheck } from './shared/readerBinding';

export const rule: OfflineRule = {
  code: 'IS302',
  name: 'gar-project-mismatch',
  severity: 'info',
  summary: 'Artifact Registry project differs from the data plane project (node pool needs reader access)',
  docs: {
    whatItDoes: 'Reports an Artifact Registry project in `registry` that is not the data plane\'s project (`[tool.imagespec-lint.dataplane] project`): the data plane\'s node service account then needs `roles/artifactregistry.reader` on the repository or its project. With deep checks and `node-service-account` configured, the finding becomes a warning when the repository\'s IAM policy grants that account no role that can pull.',
    runtimeError: { when: 'task-start', error: 'without the reader binding, pods fail with ImagePullBackOff' },
    why: 'The data plane pulls task images with its nodes\' service account. An image in another Google Cloud project is pullable only if that account holds `roles/artifactregistry.reader` on the repository (or on the project); without it pods stay in ImagePullBackOff. Configure the data plane under `[tool.imagespec-lint.dataplane]` (`project`, `node-service-account`).',
    example: '# [tool.imagespec-lint.dataplane] project = "flyte-prod"\nimage = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/ml-sandbox/images")',
  },
  fixSafety: { kind: 'none', note: 'Granting access is for the project\'s owners; the deep finding gives the command.' },
  appliesTo: [{ sdk: 'flytekit' }],
  configKeys: ['dataplane.project', 'dataplane.node-service-account'],
  // Deep half (W: no reader binding on the repository); see rules/shared/readerBinding.ts.
  deepCheck: readerBindingCheck,
  check(decl, ctx) {
    const dpProject = ctx.config.dataplane.project?.trim().toLowerCase();
    if (!dpProject) return [];
    const reg = checkedRegistry(decl);
    const project = reg?.p.gar?.project;
    // A domain without a project id is IS103's finding.
    if (!reg || !project?.id) return [];
    const own = garProjectToProjectId(project.text.replace(':', '/'));
    if (own === garProjectToProjectId(dpProject)) return [];
    const gar = reg.p.gar!;
    const repo = gar.repository ? `${gar.location ? gar.location.text + '/' : ''}${project.text}/${gar.repository.text}` : undefined;
    const sa = ctx.config.dataplane.nodeServiceAccount?.trim();
    const who = sa ? `its node service account \`${sa}\`` : 'its node service account';
    return [
      {
        range: strSubRange(reg.v, project.start, project.end, ctx.lines),
        message:
          `Images go to project \`${own}\`${describeOrigin(reg.v)}, but the data plane runs in \`${garProjectToProjectId(dpProject)}\`: ` +
          `${who} needs roles/artifactregistry.reader on ${repo ? `repository \`${repo}\`` : `project \`${own}\``}, or pods fail with ImagePullBackOff`,
      },
    ];
  },
};
