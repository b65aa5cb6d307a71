// `imagespec-lint --deep` end to end: the built CLI in a child process
// against the local Artifact Registry (test/garServer.ts) in this process.
// The child must be spawned asynchronously: the server answers from this
// process's event loop.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI } from './helpers/cli';
import { GarTestServer } from './garServer';
import { tmpDir } from './helpers/tmp';

const P = 'imagespec-test';
const HOST = 'us-east1-docker.pkg.dev';
const gar = new GarTestServer();
let cacheDir: string;

function runCli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), NO_COLOR: '1', METADATA_SERVER_DETECTION: 'none', IMAGESPEC_CACHE_DIR: cacheDir };
  delete env.IMAGESPEC_DATAPLANE_REGION;
  delete env.IMAGESPEC_DATAPLANE_PROJECT;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

function project(source: string, extraToml = ''): string {
  const dir = tmpDir('isl-cli-deep-');
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), `[tool.imagespec-lint.gar]\nendpoint = "${gar.endpoint}"\n${extraToml}`);
  fs.writeFileSync(path.join(dir, 'main.py'), source);
  return dir;
}

const spec = (registry: string): string => `from flytekit import ImageSpec\nimage = ImageSpec(name="etl", registry="${registry}")\n`;

beforeAll(async () => {
  await gar.start();
});
afterAll(async () => {
  await gar.stop();
});
beforeEach(() => {
  cacheDir = tmpDir('isl-cli-deep-cache-');
  gar.repos.clear();
  gar.clearFaults();
  gar.resetCounts();
  gar.addRepository({ project: P, location: 'us-east1', repository: 'images' });
});

describe('imagespec-lint --deep', () => {
  it('reports IS201 for a missing repository with the "use existing" and "create" fixes', async () => {
    const dir = project(spec(`${HOST}/${P}/imgs`));
    const r = await runCli(['--deep', '--select', 'IS2', 'main.py'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'main.py:2:80: IS201 Artifact Registry repository `imgs` (project `imagespec-test`, us-east1) does not exist: Artifact Registry does not create repositories on push, so the push will fail; did you mean `images`? Otherwise create it (DOCKER, in us-east1)',
    );
    expect(lines).toContain('  help: Use existing repository `images` (unsafe)');
    expect(lines).toContain('  help: Create DOCKER repository `imgs` in project `imagespec-test` (us-east1) (editor command)');
    expect(gar.calls.GetRepository).toBe(1);
    // Plain --fix never creates anything (and deep fixes are guesses: not applied by --fix).
    const fixed = await runCli(['--deep', '--fix', '--select', 'IS201', '--no-cache', 'main.py'], dir);
    expect(fixed.code).toBe(1);
    expect(fixed.stdout).toBe(r.stdout);
    expect(gar.calls.CreateRepository ?? 0).toBe(0);
    expect(gar.repos.has(`projects/${P}/locations/us-east1/repositories/imgs`)).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'main.py'), 'utf8')).toBe(spec(`${HOST}/${P}/imgs`));
  });

  it('--create-missing-repositories creates the repository, and the next check sees it', async () => {
    const dir = project(spec(`${HOST}/${P}/new-images`));
    const r = await runCli(['--deep', '--create-missing-repositories', '--select', 'IS2', 'main.py'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('IS201');
    expect(r.stderr).toBe(`imagespec-lint: created Artifact Registry repository projects/${P}/locations/us-east1/repositories/new-images (DOCKER)\n`);
    expect(gar.calls.CreateRepository).toBe(1);
    expect(gar.repos.get(`projects/${P}/locations/us-east1/repositories/new-images`)).toMatchObject({ format: 'DOCKER', mode: 'STANDARD_REPOSITORY' });
    gar.resetCounts();
    const again = await runCli(['--deep', '--no-cache', '--select', 'IS2', 'main.py'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('IS201');
    expect(gar.calls.GetRepository).toBe(1);
  });

  it('--create-missing-repositories creates each repository through its own project\'s endpoint', async () => {
    // Two projects in one run, each with its own Artifact Registry endpoint. The
    // first project's deep answer arrives after the walk has moved on to the
    // second: the repository must still be created where it was found missing.
    const other = new GarTestServer({ latencyMs: 0 });
    await other.start();
    try {
      gar.latencyMs = 150;
      const root = tmpDir('isl-cli-deep-two-');
      for (const [sub, endpoint, repo] of [
        ['a', gar.endpoint, 'made-here'],
        ['b', other.endpoint, 'images'],
      ] as const) {
        fs.mkdirSync(path.join(root, sub));
        fs.writeFileSync(path.join(root, sub, 'pyproject.toml'), `[tool.imagespec-lint.gar]\nendpoint = "${endpoint}"\n`);
        fs.writeFileSync(path.join(root, sub, 'main.py'), spec(`${HOST}/${P}/${repo}`));
      }
      other.addRepository({ project: P, location: 'us-east1', repository: 'images' });
      const r = await runCli(['--deep', '--create-missing-repositories', '--no-cache', '--select', 'IS2', '.'], root);
      expect(r.stdout).toBe('All checks passed.\n');
      expect(r.code).toBe(0);
      expect(gar.calls.CreateRepository).toBe(1);
      expect(other.calls.CreateRepository ?? 0).toBe(0);
      expect(gar.repos.has(`projects/${P}/locations/us-east1/repositories/made-here`)).toBe(true);
      expect(other.repos.has(`projects/${P}/locations/us-east1/repositories/made-here`)).toBe(false);
      fs.rmSync(root, { recursive: true, force: true });
    } finally {
      gar.latencyMs = 0;
      await other.stop();
    }
  });

  it('a second run within the TTL makes no request; --no-deep makes none either', async () => {
    const dir = project(spec(`${HOST}/${P}/imgs`));
    const first = await runCli(['--deep', '--select', 'IS2', 'main.py'], dir);
    expect(gar.requests.length).toBeGreaterThan(0);
    gar.resetCounts();
    const second = await runCli(['--deep', '--select', 'IS2', 'main.py'], dir);
    expect(second.stdout).toBe(first.stdout);
    expect(gar.requests).toEqual([]);
    const off = await runCli(['--no-deep', '--no-cache', '--select', 'IS2', 'main.py'], dir);
    expect(off.stdout).not.toContain('IS201');
    expect(gar.requests).toEqual([]);
  });

  it('IS302: the deep warning replaces the offline information at the same place', async () => {
    const toml = '[tool.imagespec-lint.dataplane]\nproject = "flyte-prod"\nnode-service-account = "nodes@flyte-prod.iam.gserviceaccount.com"\n';
    const dir = project(spec(`${HOST}/${P}/images`), toml);
    const offline = await runCli(['--no-deep', '--select', 'IS302', '--output-format', 'concise', 'main.py'], dir);
    expect(offline.stdout.split('\n').filter((l) => l.includes('IS302')).map((l) => l.slice(0, 27))).toEqual(['main.py:2:65: IS302 [info] ']);
    const deep = await runCli(['--deep', '--select', 'IS302', '--output-format', 'concise', 'main.py'], dir);
    const lines = deep.stdout.split('\n').filter((l) => l.includes('IS302'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('main.py:2:65: IS302 [warning] ');
    expect(lines[0]).toContain('has no roles/artifactregistry.reader binding on repository `us-east1/imagespec-test/images`');
    expect(deep.code).toBe(0);
  });

  it('never connects to a host named in a linted file', async () => {
    let connections = 0;
    const sockets = new Set<net.Socket>();
    const trap = net.createServer((s) => {
      connections++;
      sockets.add(s);
      s.destroy();
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', () => r()));
    const port = (trap.address() as net.AddressInfo).port;
    try {
      const src =
        'from flytekit import ImageSpec\n' +
        `a = ImageSpec(name="a", registry="localhost:${port}/${P}/images")\n` +
        `b = ImageSpec(name="b", registry="127.0.0.1:${port}")\n` +
        `c = ImageSpec(name="c", registry="http://127.0.0.1:${port}/${P}/images")\n` +
        `d = ImageSpec(name="d", registry="${HOST}/${P}/images")\n`;
      const dir = project(src);
      const r = await runCli(['--deep', '--select', 'IS2', 'main.py'], dir);
      expect(r.stderr).toBe('');
      // Deep checks did run (against the configured endpoint only).
      expect(gar.requests.map((q) => q.method)).toContain('GetRepository');
      expect(gar.requests.every((q) => q.resource.startsWith(`projects/${P}/`))).toBe(true);
      await new Promise((r) => setTimeout(r, 100));
      expect(connections).toBe(0);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => trap.close(() => r()));
    }
  });
});
