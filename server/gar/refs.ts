// What the service asks about and what it gets back, in our terms: resource
// ids checked before anything is sent (an id the API would reject is not
// asked at all), and a repository from the API as a RepoInfo.

import { apiProjectId, repositoryName, type GarAnswer, type RepoInfo, type RepoRef } from './service';
import { normalizeFormat, normalizeMode } from './errors';

// Resource id syntax (cloud.google.com/resource-manager/docs/creating-managing-projects,
// artifact-registry/docs/repositories/create-repos). Repositories also take the
// gcr.io names (`gcr.io`, `us.gcr.io`, ...), hence the dot.
const PROJECT_RE = /^(?:[a-z0-9][a-z0-9.-]{0,61}[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const LOCATION_RE = /^[a-z][a-z0-9-]{0,62}$/;
const REPOSITORY_RE = /^[a-z0-9][a-z0-9._-]{0,62}$/;

export function invalid(what: string): GarAnswer<never> {
  return { ok: false, failure: { kind: 'other', message: `not asked: ${what}` } };
}

export function checkRef(ref: RepoRef): string | undefined {
  if (!PROJECT_RE.test(apiProjectId(ref.project))) return `"${ref.project}" is not a project id`;
  if (!LOCATION_RE.test(ref.location)) return `"${ref.location}" is not a location`;
  if (!REPOSITORY_RE.test(ref.repository)) return `"${ref.repository}" is not a repository id`;
  return undefined;
}

export type ApiRepository = { name?: string | null; format?: unknown; mode?: unknown };

export function toRepoInfo(r: ApiRepository, ref: RepoRef): RepoInfo {
  const name = r.name ?? repositoryName(ref);
  const m = /^projects\/([^/]+)\/locations\/([^/]+)\/repositories\/([^/]+)$/.exec(name);
  return {
    project: m ? m[1] : apiProjectId(ref.project),
    location: m ? m[2] : ref.location,
    repository: m ? m[3] : ref.repository,
    name,
    format: normalizeFormat(r.format),
    mode: normalizeMode(r.mode),
  };
}
