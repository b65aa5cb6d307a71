// Deep-check figure for `npm run bench` (called by bench/run.ts, or alone:
// `node dist/bench/deep.js`).
//
// 100 declarations over 20 Artifact Registry repositories, against the local
// gRPC test server (test/garServer.ts) answering every call after 50 ms. The
// repositories mix the two request chains a declaration can cause, each two
// round trips long: an existing repository (GetRepository, then
// TestIamPermissions for IS204) and a missing one (GetRepository, then
// ListRepositories for IS201's "use existing" fixes).
//
// Measured in one run, through the real engine and the real client:
//   chain = a deep lint of ONE declaration whose repository takes the
//           slowest chain (fresh service, no cache): one round trip of that
//           chain, client overhead included;
//   many  = the deep lint of all 100 declarations (fresh service, no cache).
// Target: many / chain < 4, i.e. the 20 repositories are asked concurrently
// and every repository is asked once, not once per declaration. Medians over
// a few repetitions. Then the same through the CLI (`node bin/imagespec-lint.js
// --deep`, endpoint http://127.0.0.1:PORT) for the wall time a user sees.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRun, lintDeep, lintText } from '../server/engine/lint';
import { ruleSet } from '../rules';
import { defaultConfig, type Config } from '../server/engine/config';
import { CachedFs } from '../server/engine/fs';
import { createGarService, type ArtifactRegistryService } from '../server/gar/client';
import { GarTestServer } from '../test/garServer';

const LATENCY_MS = 50;
const DECLS = 100;
const REPOS = 20;
const MISSING = 5;
const TARGET = 4;
const PROJECT = 'imagespec-bench';
const LOCATION = 'us-east1';

interface Ctx {
  repoRoot?: string;
  reps?: number;
}

function med(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function source(decls: number, repoNames: string[]): string {
  const lines = ['from flytekit import ImageSpec', ''];
  for (let i = 0; i < decls; i++) {
    lines.push(`image_${i} = ImageSpec(name="task-${i}", registry="${LOCATION}-docker.pkg.dev/${PROJECT}/${repoNames[i % repoNames.length]}")`);
  }
  return lines.join('\n') + '\n';
}

function config(endpoint: string): Config {
  const c = defaultConfig();
  c.deep = true;
  c.gar = { ...c.gar, endpoint };
  c.select = ['IS2'];
  return c;
}

async function timeDeep(text: string, cfg: Config, dir: string, cacheDir: string): Promise<{ ms: number; findings: number; service: ArtifactRegistryService }> {
  const setup = createGarService(cfg, { cache: false, cacheDir });
  if (setup.status !== 'ready') throw new Error(`deep bench: GAR service not ready: ${JSON.stringify(setup)}`);
  const service = setup.service;
  const file = path.join(dir, 'specs.py');
  const run = createRun({ config: cfg, projectRoot: dir, fs: new CachedFs(), gar: service, rules: ruleSet, dockerConfig: () => ({ path: '', exists: false, credHelpers: {}, auths: [] }) });
  const offline = lintText(text, file, run);
  const t0 = process.hrtime.bigint();
  const deep = await lintDeep(text, file, offline.decls, run);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (run.internalErrors.length) throw new Error(`deep bench: rule crashed: ${JSON.stringify(run.internalErrors)}`);
  await service.close();
  return { ms, findings: deep.length, service };
}

function runCli(cli: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code: code ?? -1, stderr }));
  });
}

const fmt = (ms: number): string => `${ms.toFixed(0)} ms`;

export default async function run(ctx: Ctx = {}): Promise<void> {
  process.env.METADATA_SERVER_DETECTION = 'none';
  const repoRoot = ctx.repoRoot ?? path.resolve(__dirname, '..', '..');
  const reps = Math.max(3, Math.min(ctx.reps ?? 5, 9));
  const gar = new GarTestServer({ latencyMs: LATENCY_MS, pageSize: 100 });
  const { endpoint } = await gar.start();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isl-bench-deep-'));
  try {
    const names = Array.from({ length: REPOS }, (_, i) => `repo-${String(i).padStart(2, '0')}`);
    // The first REPOS - MISSING exist; the rest are missing (IS201).
    for (const n of names.slice(0, REPOS - MISSING)) gar.addRepository({ project: PROJECT, location: LOCATION, repository: n });
    const cfg = config(endpoint);
    const cacheDir = path.join(work, 'cache');

    // Warm-up: load the client library once (a one-time cost per process, not per request).
    await timeDeep(source(1, ['warm-up']), cfg, work, cacheDir);

    const chainMs: number[] = [];
    const manyMs: number[] = [];
    let calls: Record<string, number> = {};
    let findings = 0;
    for (let i = 0; i < reps; i++) {
      // Alternate which chain the single declaration takes; the slower one is the reference.
      const existing = await timeDeep(source(1, [names[0]]), cfg, work, cacheDir);
      const missing = await timeDeep(source(1, [names[REPOS - 1]]), cfg, work, cacheDir);
      chainMs.push(Math.max(existing.ms, missing.ms));
      gar.resetCounts();
      const many = await timeDeep(source(DECLS, names), cfg, work, cacheDir);
      manyMs.push(many.ms);
      calls = { ...gar.calls };
      findings = many.findings;
    }
    if (calls.GetRepository !== REPOS) throw new Error(`deep bench: expected ${REPOS} GetRepository calls, got ${calls.GetRepository}`);
    const chain = med(chainMs);
    const many = med(manyMs);
    const ratio = many / chain;

    console.log(`\n## Deep checks (--deep): ${DECLS} declarations over ${REPOS} repositories, ${LATENCY_MS} ms server latency`);
    console.log(`requests per run: ${Object.entries(calls).map(([k, v]) => `${k} ${v}`).join(', ')} (${findings} findings: ${MISSING * (DECLS / REPOS)} IS201)`);
    console.log(`one declaration, slowest request chain (2 round trips = ${2 * LATENCY_MS} ms of latency): median ${fmt(chain)} (${chainMs.map(fmt).join(', ')})`);
    console.log(`all ${DECLS} declarations: median ${fmt(many)} (${manyMs.map(fmt).join(', ')})`);
    console.log(`ratio ${ratio.toFixed(2)}x one slowest chain (target < ${TARGET}x): ${ratio < TARGET ? 'OK' : 'MISSED'}`);

    // The same through the CLI, as a user runs it (process start and parser load included).
    const cli = path.join(repoRoot, 'bin', 'imagespec-lint.js');
    if (fs.existsSync(path.join(repoRoot, 'dist', 'server', 'cli', 'main.js'))) {
      const proj = path.join(work, 'project');
      fs.mkdirSync(proj, { recursive: true });
      fs.writeFileSync(path.join(proj, 'pyproject.toml'), `[tool.imagespec-lint]\nselect = ["IS2"]\n\n[tool.imagespec-lint.gar]\nendpoint = "${endpoint}"\n`);
      fs.writeFileSync(path.join(proj, 'specs.py'), source(DECLS, names));
      const env = { ...process.env, NO_COLOR: '1', METADATA_SERVER_DETECTION: 'none', IMAGESPEC_CACHE_DIR: cacheDir };
      const deepRuns: number[] = [];
      const offRuns: number[] = [];
      for (let i = 0; i < reps; i++) {
        const d = await runCli(cli, ['--deep', '--no-cache', '--exit-zero', '--quiet', 'specs.py'], proj, env);
        if (d.code !== 0) throw new Error(`deep bench: CLI exited ${d.code}: ${d.stderr.slice(0, 500)}`);
        deepRuns.push(d.ms);
        offRuns.push((await runCli(cli, ['--no-deep', '--exit-zero', '--quiet', 'specs.py'], proj, env)).ms);
      }
      const cached = await runCli(cli, ['--deep', '--exit-zero', '--quiet', 'specs.py'], proj, env);
      gar.resetCounts();
      const cachedAgain = await runCli(cli, ['--deep', '--exit-zero', '--quiet', 'specs.py'], proj, env);
      console.log(
        `CLI \`imagespec-lint --deep --no-cache specs.py\`: median ${fmt(med(deepRuns))}; --no-deep: ${fmt(med(offRuns))}; ` +
          `deep with a warm disk cache: ${fmt(cachedAgain.ms)} (${gar.requests.length} requests; the run filling the cache: ${fmt(cached.ms)})`,
      );
    }
  } finally {
    await gar.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
