// Deep checks under faults, through the real Artifact Registry client: a hung
// server, reset connections, garbage on the wire, and a thousand distinct
// repositories. Each run ends within its time budget, and what could not be
// verified is IS205 (information), never IS201.

import { describe, expect, it } from 'vitest';
import { createGarService } from '../server/gar/client';
import { startBrokenEndpoint } from './garServer';
import { HOST, P, deepLint, spec, useGarServer } from './helpers/deep';

const env = useGarServer();

function specs(n: number, repo: (i: number) => string): string {
  let out = 'from flytekit import ImageSpec\n';
  for (let i = 0; i < n; i++) out += `s${i} = ImageSpec(name="etl", registry="${HOST}/${P}/${repo(i)}")\n`;
  return out;
}

function codes(findings: { code: string }[]): string[] {
  return [...new Set(findings.map((f) => f.code))].sort();
}

describe('deep checks under faults', () => {
  it('a hung server: the run ends within timeout + slack with IS205 for every repository, never IS201', async () => {
    env.add('images');
    env.gar.setFault(`projects/${P}`, { kind: 'hang' });
    const t0 = Date.now();
    const o = await deepLint(specs(20, (i) => `repo-${i % 5}`), env.service({ timeoutMs: 400, cache: false }), { select: ['IS2'] });
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeLessThan(400 + 1500);
    expect(codes(o.deep)).toEqual(['IS205']);
    // Once per repository, not once per declaration.
    expect(o.deep).toHaveLength(5);
  });

  for (const kind of ['reset', 'garbage'] as const) {
    it(`connections that are ${kind === 'reset' ? 'reset' : 'answered with garbage'}: IS205, never IS201, within the budget`, async () => {
      const broken = await startBrokenEndpoint(kind);
      try {
        const setup = createGarService(
          { deep: true, gar: { endpoint: broken.endpoint, timeoutMs: 500, repositories: [] } },
          { cacheDir: env.cacheDir(), cache: false },
        );
        if (setup.status !== 'ready') throw new Error(setup.status);
        const t0 = Date.now();
        const o = await deepLint(spec(`${HOST}/${P}/images`), setup.service, { select: ['IS2'] });
        await setup.service.close();
        expect(Date.now() - t0).toBeLessThan(500 + 1500);
        expect(codes(o.deep)).toEqual(['IS205']);
        expect(broken.connections()).toBeGreaterThan(0);
      } finally {
        await broken.stop();
      }
    });
  }

  it('1,000 distinct repositories: one request each, concurrently, and only the missing ones are IS201', async () => {
    for (let i = 0; i < 1000; i += 2) env.add(`repo-${i}`);
    env.gar.latencyMs = 5;
    const t0 = Date.now();
    const o = await deepLint(specs(1000, (i) => `repo-${i}`), env.service({ timeoutMs: 5000 }), { select: ['IS201', 'IS205'] });
    const elapsed = Date.now() - t0;
    expect(env.gar.calls.GetRepository).toBe(1000);
    expect(o.deep.filter((f) => f.code === 'IS201')).toHaveLength(500);
    expect(o.deep.filter((f) => f.code === 'IS205')).toHaveLength(0);
    // Every question has its own 5 s budget from the moment it is asked, so
    // the run ends within that budget plus the lint itself, however many
    // repositories there are; requests overlap (bounded concurrency).
    expect(elapsed).toBeLessThan(5000 + 10_000);
    expect(env.gar.maxInFlight).toBeGreaterThan(1);
  });
});
