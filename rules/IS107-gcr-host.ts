// Other *.gcr.io hosts (k8s.gcr.io, mirror.gcr.io) are Google's own
// registries, not pushable by users, and not reported.

import type { Fix, OfflineRule } from '../server/engine/types';
import { strSubRange } from '../server/engine/ruleKit';
import { gcrToArtifactRegistry } from '../server/model/registry';
import { checkedRegistry, registryFix } from './shared/registry';

export const rule: OfflineRule = {
  code: 'IS107',
  name: 'gcr-host',
  severity: 'warning',
  summary: 'Container Registry host (`gcr.io`): shut down for writes since 2025-03-18',
  docs: {
    whatItDoes: 'Reports a Container Registry host (`gcr.io`, `us.gcr.io`, `eu.gcr.io`, `asia.gcr.io`). Container Registry stopped accepting writes on 2025-03-18; pushes only work where the project\'s gcr.io traffic was moved to Artifact Registry `gcr.io` repositories, hence a warning. The fix is the Artifact Registry URI of the same repository (`us-docker.pkg.dev/PROJECT/gcr.io`), keeping any image path.',
    runtimeError: { when: 'push', error: 'the push fails unless the project was migrated to Artifact Registry gcr.io repositories' },
    why:
      'Google shut Container Registry down for writes on 2025-03-18. A push to `gcr.io/PROJECT` works only if the project ' +
      'was migrated to Artifact Registry `gcr.io` repositories, which then answer for the old host; otherwise it fails. ' +
      'The Artifact Registry URI of the same images (`us-docker.pkg.dev/PROJECT/gcr.io` for `gcr.io`, ' +
      '`europe-docker.pkg.dev/PROJECT/eu.gcr.io` for `eu.gcr.io`, ...) works in both cases and says where the images live.',
    example: 'image = ImageSpec(name="etl", registry="gcr.io/my-project")',
    fixed: 'image = ImageSpec(name="etl", registry="us-docker.pkg.dev/my-project/gcr.io")',
  },
  fixSafety: { kind: 'unsafe', note: 'The fix moves the push to another host: right for migrated and new setups alike, but not a change `--fix` should make unasked.' },
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl, ctx) {
    const reg = checkedRegistry(decl);
    const gcr = reg?.p.gcr;
    // Other *.gcr.io hosts (k8s.gcr.io, mirror.gcr.io) are Google's, not pushable by users, and not ours.
    if (!reg || !gcr || gcr.multiRegion === undefined) return [];
    const host = reg.p.host;
    const project = gcr.project;
    const v = reg.v;
    let target: string | undefined;
    if (project?.id) {
      const ar = gcrToArtifactRegistry(host.text, v.value.slice(project.start, project.end));
      if (ar) target = ar + v.value.slice(project.end);
    }
    const fixes: Fix[] = [];
    if (target) {
      // Moves the push to another host: right for migrated and new setups
      // alike, but not a change --fix should make unasked.
      const fix = registryFix(decl, v, target, `Use \`${target}\``, { preferred: true, safe: false });
      if (fix) fixes.push(fix);
    }
    const advice = target
      ? `push to \`${target}\` instead`
      : `push to Artifact Registry instead (\`${gcrToArtifactRegistry(host.text, 'PROJECT')}\`)`;
    return [
      {
        range: strSubRange(v, host.start, host.end, ctx.lines),
        message: `Container Registry (\`${host.text}\`) stopped accepting pushes on 2025-03-18: the push fails unless the project was migrated to Artifact Registry gcr.io repositories; ${advice}`,
        fixes,
      },
    ];
  },
};
