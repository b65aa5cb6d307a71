// Shared by the deep rule tests (IS201-IS205, IS302 deep): a local Artifact
// Registry (test/garServer.ts) reached through the real client, and a lint
// that runs the offline pass and then the deep pass, as the CLI does.

import * as fs from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { lintDeep, lintText } from '../../server/engine/lint';
import { applyTextEdits } from '../../server/engine/fixes';
import type { Finding, Fix } from '../../server/engine/types';
import { createGarService, type ArtifactRegistryService, type GarServiceOptions } from '../../server/gar/client';
import type { RepoSpec } from '../garServer';
import { GarTestServer } from '../garServer';
import { projectRun } from './lint';
import { tmpDir } from './tmp';

export const P = 'imagespec-test';
export const L = 'us-east1';
export const HOST = `${L}-docker.pkg.dev`;
export const resource = (repository: string, project = P, location = L): string =>
  `projects/${project}/locations/${location}/repositories/${repository}`;

export interface DeepEnv {
  gar: GarTestServer;
  /** A fresh service on the test server, with this test's cache folder; closed after the test. */
  service(options?: GarServiceOptions & { timeoutMs?: number; endpoint?: string }): ArtifactRegistryService;
  cacheDir(): string;
  add(repository: string, extra?: Partial<RepoSpec>): void;
}

/** Starts one server for the file; clears repositories, faults and counts before each test. */
export function useGarServer(): DeepEnv {
  const gar = new GarTestServer();
  let dir = '';
  const services: ArtifactRegistryService[] = [];
  beforeAll(async () => {
    await gar.start();
    // Load the client library and open a channel once, so that timing
    // assertions in the tests measure requests, not the first require.
    gar.addRepository({ project: P, location: L, repository: 'warmup' });
    const setup = createGarService({ deep: true, gar: { endpoint: gar.endpoint, timeoutMs: 10_000, repositories: [] } }, { cache: false });
    if (setup.status !== 'ready') throw new Error(`expected a ready service, got ${JSON.stringify(setup)}`);
    const warm = await setup.service.getRepository({ project: P, location: L, repository: 'warmup' });
    await setup.service.close();
    if (!warm.ok) throw new Error(`warm-up request failed: ${JSON.stringify(warm.failure)}`);
  });
  afterAll(async () => {
    await gar.stop();
  });
  beforeEach(() => {
    dir = tmpDir('isl-deep-cache-');
    gar.repos.clear();
    gar.clearFaults();
    gar.resetCounts();
    gar.latencyMs = 0;
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    gar,
    cacheDir: () => dir,
    add(repository, extra = {}) {
      gar.addRepository({ project: P, location: L, repository, ...extra });
    },
    service(options = {}) {
      const setup = createGarService(
        { deep: true, gar: { endpoint: options.endpoint ?? gar.endpoint, timeoutMs: options.timeoutMs ?? 3000, repositories: [] } },
        { cacheDir: dir, ...options },
      );
      if (setup.status !== 'ready') throw new Error(`expected a ready service, got ${JSON.stringify(setup)}`);
      services.push(setup.service);
      return setup.service;
    },
  };
}

export interface DeepOutcome {
  /** Offline and deep findings together, as the CLI reports them. */
  findings: Finding[];
  deep: Finding[];
  text: string;
  file: string;
  dir: string;
}

export async function deepLint(
  text: string,
  service: ArtifactRegistryService,
  opts: { config?: Record<string, unknown>; select?: string[]; files?: Record<string, string> } = {},
): Promise<DeepOutcome> {
  const { dir, file, run } = projectRun(text, { ...opts, gar: service });
  const res = lintText(text, file, run);
  const deep = await lintDeep(text, file, res.decls, run);
  if (run.internalErrors.length) throw new Error(`rule crashed: ${JSON.stringify(run.internalErrors)}`);
  return { findings: [...res.findings, ...deep], deep, text, file, dir };
}

export function codeOf(o: DeepOutcome, code: string): Finding[] {
  return o.findings.filter((f) => f.code === code);
}

export function coveredText(o: DeepOutcome, f: Finding): string {
  const lines = o.text.split('\n');
  if (f.range.start.line !== f.range.end.line) throw new Error('multi-line range');
  return lines[f.range.start.line].slice(f.range.start.character, f.range.end.character);
}

export function applied(o: DeepOutcome, fix: Fix): string {
  return applyTextEdits(o.text, fix.edits);
}

export const spec = (registry: string, name = 'etl'): string =>
  `from flytekit import ImageSpec\nimage = ImageSpec(name="${name}", registry="${registry}")\n`;
