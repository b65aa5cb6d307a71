// Artifact Registry repositories the user told us about in
// `[tool.imagespec-lint.gar] repositories` (IS103 offers them as fixes).

import type { Config } from '../../server/engine/config';
import { parseRegistry } from '../../server/model/registry';

/** A repository the user told us about: from `[tool.imagespec-lint.gar] repositories`, or (deep) from a listing. */
export interface KnownRepository {
  /** GAR location (`us-east1`), when the entry names one. */
  location?: string;
  /** Project in image-path form (`my-project`, `example.com/my-project`), when the entry names one. */
  project?: string;
  repository: string;
}

/**
 * Reads one `gar.repositories` entry: `REPO`, `PROJECT/REPO`,
 * `LOCATION/PROJECT/REPO` (the project may be domain-scoped, with a slash or
 * a colon), or a whole `LOCATION-docker.pkg.dev/PROJECT/REPO` URI.
 */
export function parseKnownRepository(entry: string): KnownRepository | undefined {
  const e = entry.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '');
  if (e === '') return undefined;
  const first = e.split('/')[0];
  if (first.endsWith('.pkg.dev')) {
    const gar = parseRegistry(e).gar;
    if (!gar?.project || !gar.repository) return undefined;
    return { location: gar.location?.text, project: gar.project.text.replace(':', '/'), repository: gar.repository.text };
  }
  const parts = e.split('/').filter((s) => s !== '');
  const repository = parts[parts.length - 1];
  const head = parts.slice(0, -1);
  const projectOf = (ps: string[]): string => ps.join('/').replace(/^((?:[a-z0-9-]+\.)+[a-z0-9-]+):/, '$1/');
  if (head.length === 0) return { repository };
  // A dot in the first part means a domain-scoped project, never a location.
  if (head[0].includes('.') || head.length === 1) return { project: projectOf(head), repository };
  return { location: head[0], project: projectOf(head.slice(1)), repository };
}

/** The repositories the config names, parsed; bad entries are skipped. */
export function configRepositories(config: Config): KnownRepository[] {
  const out: KnownRepository[] = [];
  for (const e of config.gar.repositories) {
    const r = parseKnownRepository(e);
    if (r) out.push(r);
  }
  return out;
}
