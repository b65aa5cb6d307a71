// fixtures/all-codes triggers every code of the catalog (the rules' own
// metadata) at least once through the real CLI: the offline codes from the
// files as they are,
// the deep codes against the local Artifact Registry test server set up to
// match the fixture's registries. A code the catalog names but nothing in
// the fixture triggers fails here.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GarTestServer } from './garServer';
import { ROOT, runCli, runCliAsync } from './helpers/cli';
import { catalog } from '../rules';
import { tmpDir } from './helpers/tmp';

const FIXTURE = path.join(ROOT, 'fixtures', 'all-codes');

function catalogCodes(): string[] {
  return catalog.map((r) => r.code).filter((c) => c !== 'IS000');
}

function copyFixture(): string {
  const dir = tmpDir('isl-all-');
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

interface JsonFinding {
  code: string;
}

function codesOf(stdout: string): Set<string> {
  const report = JSON.parse(stdout) as { findings: JsonFinding[] };
  return new Set(report.findings.map((f) => f.code));
}

describe('fixtures/all-codes', () => {
  const gar = new GarTestServer();
  let endpoint = '';
  let cache = '';
  let dockerDir = '';

  beforeAll(async () => {
    ({ endpoint } = await gar.start());
    const P = 'dp-project';
    const L = 'us-east1';
    gar.addRepository({ project: P, location: L, repository: 'images' });
    gar.addRepository({ project: P, location: L, repository: 'wheels', format: 'PYTHON' });
    gar.addRepository({ project: P, location: L, repository: 'mirror', mode: 'REMOTE_REPOSITORY' });
    gar.addRepository({ project: P, location: L, repository: 'readonly', callerPermissions: [] });
    gar.addRepository({ project: P, location: L, repository: 'hidden' });
    gar.setFault(`projects/${P}/locations/${L}/repositories/hidden`, { kind: 'permission-denied' });
    gar.addRepository({ project: 'other-project', location: L, repository: 'shared', bindings: [] });
    gar.addRepository({ project: 'other-project', location: L, repository: 'images', bindings: [] });
    cache = tmpDir('isl-cache-');
    dockerDir = tmpDir('isl-docker-');
  });
  afterAll(async () => {
    await gar.stop();
  });

  it('every offline code of the catalog fires from the files as they are', () => {
    const dir = copyFixture();
    const r = runCli(['--extend-select', 'IS000', '--no-deep', '--output-format', 'json'], { cwd: dir, env: { DOCKER_CONFIG: dockerDir } });
    expect(r.code).toBe(1);
    const seen = codesOf(r.stdout);
    const offline = catalogCodes().filter((c) => !/^IS20\d$/.test(c));
    expect(offline.filter((c) => !seen.has(c))).toEqual([]);
    expect(seen.has('IS000')).toBe(true);
  });

  it('with --deep against the local Artifact Registry, the deep codes fire too, and IS302 becomes a warning', async () => {
    const dir = copyFixture();
    fs.appendFileSync(path.join(dir, 'pyproject.toml'), `\n[tool.imagespec-lint.gar]\nendpoint = "${endpoint}"\n`);
    const r = await runCliAsync(['--deep', '--select', 'IS2,IS302', '--output-format', 'json'], {
      cwd: dir,
      env: { DOCKER_CONFIG: dockerDir, IMAGESPEC_CACHE_DIR: cache },
    });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { findings: { code: string; severity: string }[] };
    const seen = new Set(report.findings.map((f) => f.code));
    for (const code of ['IS201', 'IS202', 'IS203', 'IS204', 'IS205', 'IS302']) expect(seen, code).toContain(code);
    expect(report.findings.filter((f) => f.code === 'IS302').map((f) => f.severity)).toContain('warning');
    // Every catalog code, offline and deep, has now been seen.
    const offline = runCli(['--extend-select', 'IS000', '--no-deep', '--output-format', 'json'], { cwd: dir, env: { DOCKER_CONFIG: dockerDir } });
    const all = new Set([...seen, ...codesOf(offline.stdout)]);
    expect(catalogCodes().filter((c) => !all.has(c))).toEqual([]);
  });
});
