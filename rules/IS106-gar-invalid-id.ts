// An all-digit project segment may be a project number; whether registry
// paths accept one was not verified, so it is not reported. Container
// Registry hosts (`gcr.io/PROJECT`) get the project check too; their hosts
// are IS107's.

import type { Segment } from '../server/model/registry';
import type { OfflineRule, RuleFinding } from '../server/engine/types';
import { strSubRange } from '../server/engine/ruleKit';
import { isValidGarRepositoryId, isValidGcpProjectId } from '../server/model/registry';
import { checkedRegistry } from './shared/registry';

function projectReason(id: string): string {
  if (id.length < 6) return 'it is shorter than 6 characters';
  if (id.length > 30) return 'it is longer than 30 characters';
  if (!/^[a-z]/.test(id)) return 'it does not start with a letter';
  const bad = /[^a-z0-9-]/.exec(id);
  if (bad) return `it contains \`${bad[0]}\`, and only lowercase letters, digits and hyphens are allowed`;
  return 'it ends with a hyphen';
}

function repositoryReason(id: string): string {
  if (id.length > 63) return 'it is longer than 63 characters';
  if (!/^[a-z]/.test(id)) return 'it does not start with a letter';
  const bad = /[^a-z0-9-]/.exec(id);
  if (bad) return `it contains \`${bad[0]}\`, and only lowercase letters, digits and hyphens are allowed`;
  return 'it does not end with a letter or digit';
}

export const rule: OfflineRule = {
  code: 'IS106',
  name: 'gar-invalid-id',
  severity: 'error',
  summary: 'Invalid Google Cloud project id or Artifact Registry repository id in the registry',
  docs: {
    whatItDoes: 'Reports a project or repository segment of an Artifact Registry registry that cannot be a Google Cloud project id (6 to 30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen) or an Artifact Registry repository id (lowercase letters, digits and hyphens, starting with a letter, ending with a letter or digit, at most 63). One finding per bad segment, underlining just that segment.',
    runtimeError: { when: 'push', error: 'no such project or repository can exist, so the push fails' },
    why:
      'A Google Cloud project id has 6 to 30 lowercase letters, digits and hyphens, starts with a letter and does not end ' +
      'with a hyphen; an Artifact Registry repository id has lowercase letters, digits and hyphens, starts with a letter, ' +
      'ends with a letter or digit and has at most 63 characters. A segment outside these rules names a project or ' +
      'repository that cannot exist (often the display name, or an underscore typed for a hyphen), so the push fails.',
    example: 'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project/ml_images")',
  },
  fixSafety: { kind: 'none', note: 'Only the user knows the real id.' },
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl, ctx) {
    const reg = checkedRegistry(decl);
    if (!reg) return [];
    const project = reg.p.gar?.project ?? (reg.p.gcr?.multiRegion !== undefined ? reg.p.gcr.project : undefined);
    const repository = reg.p.gar?.repository;
    const out: RuleFinding[] = [];
    const report = (s: Segment, message: string): void => {
      out.push({ range: strSubRange(reg.v, s.start, s.end, ctx.lines), message });
    };
    const id = project?.id;
    // An all-digit segment may be a project number; whether registry paths
    // accept one was not verified, so it is not reported.
    if (id && !/^\d+$/.test(id.text) && !isValidGcpProjectId(id.text, { allowDomainScoped: false })) {
      report(
        id,
        `\`${id.text}\` is not a valid Google Cloud project id: ${projectReason(id.text)}, so no such project can exist and the push fails; use the project id (not its display name) as \`gcloud projects list\` shows it`,
      );
    }
    if (repository && !isValidGarRepositoryId(repository.text)) {
      report(
        repository,
        `\`${repository.text}\` is not a valid Artifact Registry repository id: ${repositoryReason(repository.text)}, so no such repository can exist and the push fails; use the repository id as \`gcloud artifacts repositories list\` shows it`,
      );
    }
    return out;
  },
};
