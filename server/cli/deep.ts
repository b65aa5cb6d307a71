// Deep checks from the command line: one Artifact Registry service per
// distinct (deep, endpoint, timeout) setting, and --create-missing-repositories.

import type { Finding } from '../engine/types';
import type { RunState } from '../engine/run';
import type { ProjectInfo } from '../engine/project';
import type { GarService } from '../gar/service';
import type { CliFlags } from './args';

/**
 * The service a project's deep checks use, undefined when they are off or
 * have no credentials (and are not required), or an exit code after a
 * message when the setting cannot work.
 */
export async function garServiceFor(
  p: ProjectInfo,
  v: CliFlags,
  io: { env: NodeJS.ProcessEnv; stderr: (s: string) => void },
  cache: Map<string, GarService | undefined>,
): Promise<GarService | undefined | number> {
  const key = JSON.stringify([p.config.deep, p.config.gar.endpoint, p.config.gar.timeoutMs]);
  if (cache.has(key)) return cache.get(key);
  if (p.config.deep === false) {
    cache.set(key, undefined);
    return undefined;
  }
  // Deep checks need a declaration with a GAR registry to matter; the client
  // module itself loads lazily on the first request.
  const { createGarService } = await import('../gar/client');
  const setup = createGarService(p.config, { cache: !v['no-cache'], env: io.env });
  let service: GarService | undefined;
  switch (setup.status) {
    case 'ready':
      service = setup.service;
      break;
    case 'off':
      break;
    case 'no-credentials':
      if (setup.required) {
        io.stderr(`imagespec-lint: deep checks are required (deep = true) but ${setup.message}\n`);
        return 2;
      }
      break;
    case 'invalid-endpoint':
      io.stderr(`imagespec-lint: invalid configuration: gar.endpoint: ${setup.message}\n`);
      return 2;
  }
  cache.set(key, service);
  return service;
}

/** --create-missing-repositories: creates the repository of each IS201 finding (once each); a created one's finding is dropped. */
export async function createMissing(findings: Finding[], run: RunState, notes: string[]): Promise<Finding[]> {
  const out: Finding[] = [];
  const created = new Set<string>();
  for (const f of findings) {
    const cmd = f.code === 'IS201' ? f.fixes.find((x) => x.command?.id === 'imagespec.createRepository')?.command : undefined;
    if (!cmd || !run.gar) {
      out.push(f);
      continue;
    }
    const ref = cmd.args as { project: string; location: string; repository: string };
    const key = `${ref.project}/${ref.location}/${ref.repository}`;
    if (!created.has(key)) {
      const res = await run.gar.createRepository(ref);
      if (!res.ok) {
        notes.push(`could not create repository ${key}: ${res.failure.message}`);
        out.push(f);
        continue;
      }
      created.add(key);
      notes.push(`created Artifact Registry repository ${res.value.name} (DOCKER)`);
    }
  }
  return out;
}
