// Deep checks under faults, through the real Artifact Registry client: a hung
// server, reset connections, garbage on the wire, and a thousand distinct
// repositories. Each run ends within its time budget, and what could not be
// verified is IS205 (information), never IS201.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGarService } from '../server/gar/client';
import { startBrokenEndpoint } from './garServer';
import { CLI } from './helpers/cli';
import { HOST, P, deepLint, spec, useGarServer } from './helpers/deep';
import { tmpDir } from './helpers/tmp';

const env = useGarServer();

function specs(n: number, repo: (i: number) => string): string {
  let out = 'from flytekit import ImageSpec\n';
  for (let i = 0; i < n; i++) out += `s${i} = ImageSpec(name="etl", registry="${HOST}/${P}/${repo(i)}")\n`;
  return out;
}

/** The built CLI, spawned asynchronously: the test servers answer from this process's event loop. */
function runCliAsync(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
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

  it('garbage responses and UNAVAILABLE from the API itself: IS205 saying which, never IS201', async () => {
    env.add('junk');
    env.add('down');
    env.gar.setFault(`projects/${P}/locations/us-east1/repositories/junk`, { kind: 'garbage' });
    env.gar.setFault(`projects/${P}/locations/us-east1/repositories/down`, { kind: 'unavailable' });
    const t0 = Date.now();
    const o = await deepLint(specs(2, (i) => ['junk', 'down'][i]), env.service({ timeoutMs: 1000, cache: false }), { select: ['IS2'] });
    expect(Date.now() - t0).toBeLessThan(1000 + 1500);
    expect(codes(o.deep)).toEqual(['IS205']);
    const byRepo = (r: string) => o.deep.find((f) => f.range.start.line === (r === 'junk' ? 1 : 2))!.message;
    expect(byRepo('down')).toMatch(/^Could not check Artifact Registry .*the Artifact Registry API at 127\.0\.0\.1:\d+ answered that it is unavailable \(UNAVAILABLE\); run again later$/);
    expect(byRepo('junk')).toMatch(/^Could not check Artifact Registry /);
    expect(o.deep).toHaveLength(2);
  });

  it('1,000 distinct repositories on a hung server: one time budget for the run, all IS205, never IS201', async () => {
    env.gar.setFault(`projects/${P}`, { kind: 'hang' });
    const t0 = Date.now();
    const o = await deepLint(specs(1000, (i) => `repo-${i}`), env.service({ timeoutMs: 500, cache: false }), { select: ['IS201', 'IS205'] });
    const elapsed = Date.now() - t0;
    expect(o.deep.filter((f) => f.code === 'IS201')).toHaveLength(0);
    expect(o.deep.filter((f) => f.code === 'IS205')).toHaveLength(1000);
    expect(o.deep[0].message).toBe(
      `Could not check Artifact Registry repository \`repo-0\` (project \`${P}\`, us-east1): no answer from 127.0.0.1 within 500 ms; raise \`timeout\` in [tool.imagespec-lint.gar] on a slow network`,
    );
    // Queued questions share the budget from when they were asked: not 1,000 x 500 ms.
    expect(elapsed).toBeLessThan(500 + 8000);
  });

  it('the CLI with --deep against a hung repository, a missing one and a present one: ends in its budget, IS205 and IS201 only where due', async () => {
    env.add('images');
    env.gar.setFault(`projects/${P}/locations/us-east1/repositories/slow`, { kind: 'hang' });
    const dir = tmpDir('isl-deep-faults-');
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), `[tool.imagespec-lint.gar]\nendpoint = "${env.gar.endpoint}"\ntimeout-ms = 700\n`);
    fs.writeFileSync(path.join(dir, 'main.py'), specs(3, (i) => ['images', 'slow', 'gone'][i]));
    const envVars: Record<string, string> = { ...(process.env as Record<string, string>), NO_COLOR: '1', METADATA_SERVER_DETECTION: 'none', IMAGESPEC_CACHE_DIR: env.cacheDir() };
    delete envVars.IMAGESPEC_DATAPLANE_REGION;
    const t0 = Date.now();
    const r = await runCliAsync(['--deep', '--no-cache', '--select', 'IS2', '--output-format', 'concise', 'main.py'], dir, envVars);
    const elapsed = Date.now() - t0;
    expect(r.stderr).not.toMatch(/internal error| {4}at /);
    const lines = r.stdout.split('\n').filter((l) => / IS20\d /.test(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^main\.py:3:\d+: IS205 \[info\] Could not check Artifact Registry repository `slow` .*: no answer from 127\.0\.0\.1 within 700 ms; /);
    expect(lines[1]).toMatch(/^main\.py:4:\d+: IS201 \[error\] /);
    expect(r.code).toBe(1);
    expect(elapsed).toBeLessThan(700 + 10_000);
  });

  it('a file with 130,000 findings under --deep: the merge of deep and offline findings does not overflow the stack', async () => {
    const broken = await startBrokenEndpoint('reset');
    try {
      const dir = tmpDir('isl-deep-faults-');
      fs.writeFileSync(path.join(dir, 'pyproject.toml'), `[tool.imagespec-lint.gar]\nendpoint = "${broken.endpoint}"\ntimeout-ms = 500\n`);
      // 130,000 positional arguments past the last field, one per line: one IS501 each.
      fs.writeFileSync(path.join(dir, 'main.py'), `from flytekit import ImageSpec\nImageSpec(registry="${HOST}/${P}/images")\nImageSpec(\n${'1,\n'.repeat(130_000)})\n`);
      const envVars: Record<string, string> = { ...(process.env as Record<string, string>), NO_COLOR: '1', METADATA_SERVER_DETECTION: 'none', IMAGESPEC_CACHE_DIR: env.cacheDir() };
      const r = await runCliAsync(['--deep', '--no-cache', '--select', 'IS501,IS205', '--output-format', 'json', '--quiet', 'main.py'], dir, envVars);
      expect(r.stderr).not.toMatch(/internal error|Maximum call stack/);
      expect(r.code).toBe(1);
      expect(r.stdout.match(/"IS501"/g)?.length).toBeGreaterThanOrEqual(130_000 - 50);
      expect(r.stdout).toContain('"IS205"');
    } finally {
      await broken.stop();
    }
  }, 90_000);
});
