// Paths in messages (issue 16, item 14): the CLI prints every path a
// message names relative to its working directory when the path is inside
// it, as it prints the finding's file, and absolute otherwise; the result
// cache keeps the answers of runs from different folders apart. The
// language server shows them relative to the workspace folder that holds
// the file, absolute outside every workspace folder.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { tmpDir } from './helpers/tmp';
import { ensureBuilt, LspClient } from './lsp/client';

const WF = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", registry="ghcr.io/acme", requirements="requirments.txt", source_root="srcs")\n';
const FL = 'from pathlib import Path\n\nimport flyte\n\nimage = flyte.Image.from_debian_base(name="etl").with_source_file(Path("conf/settings.yaml"))\n';

let root: string;
let proj: string;
let svc: string;
let docker: string;

beforeAll(() => {
  ensureBuilt();
  root = fs.realpathSync(tmpDir('isl-paths-'));
  proj = path.join(root, 'proj');
  svc = path.join(proj, 'svc');
  fs.mkdirSync(path.join(proj, '.git'), { recursive: true });
  fs.mkdirSync(svc, { recursive: true });
  fs.writeFileSync(path.join(proj, 'pyproject.toml'), '[tool.imagespec-lint]\nselect = ["IS401", "IS405", "IS406", "IS601"]\n');
  fs.writeFileSync(path.join(svc, 'wf.py'), WF);
  fs.writeFileSync(path.join(svc, 'fl.py'), FL);
  docker = path.join(proj, '.docker');
});

const WORKING = "from each folder pyflyte may run in: the file's own folder up to the project root";
const FLYTE_WORKING = "from each folder flyte may run in: the file's own folder up to the project root";

/** What the CLI prints, `p(rel)` giving a path under proj/ as the run shows it. */
function expected(file: (name: string) => string, p: (rel: string) => string): string {
  return [
    `${file('fl.py')}:5:67: IS406 [error] The source file of \`with_source_file\` \`conf/settings.yaml\` does not exist (looked for \`${p('svc/conf/settings.yaml')}\` and \`${p('conf/settings.yaml')}\` ${FLYTE_WORKING}): building the image raises ImageBuildError: Source folder ${p('svc/conf/settings.yaml')} does not exist`,
    `${file('wf.py')}:3:41: IS601 [warning] No credentials for \`ghcr.io\` in the Docker config (${p('.docker/config.json')}, which does not exist): the push after the build will be denied. To fix it, run \`docker login ghcr.io\` with a personal access token that has \`write:packages\``,
    `${file('wf.py')}:3:69: IS401 [error] requirements file \`requirments.txt\` does not exist (looked for \`${p('svc/requirments.txt')}\` and \`${p('requirments.txt')}\` ${WORKING}): flytekit reads it for the image tag, so registration fails with FileNotFoundError. Create it or point \`requirements\` at the right file`,
    `${file('wf.py')}:3:100: IS405 [error] source_root \`srcs\` does not exist (looked for \`${p('svc/srcs')}\` and \`${p('srcs')}\` ${WORKING}): none of your code is copied into the image, so tasks fail to import in the cluster. Point it at the folder that holds your Python packages`,
    'Found 3 errors, 1 warning.',
    '',
  ].join('\n');
}

/** Run from the folder above the project: every path is inside it, relative. */
const fromParent = () => expected((n) => `proj/svc/${n}`, (rel) => `proj/${rel}`);
/** Run from proj/svc: its own paths relative, the project root's (above it) absolute. */
const fromSvc = () => expected((n) => n, (rel) => (rel.startsWith('svc/') ? rel.slice(4) : path.join(proj, rel)));

describe('paths in CLI messages', () => {
  it('are relative to the working directory from a parent folder, absolute above a subfolder', () => {
    const env = { DOCKER_CONFIG: docker };
    const a = runCli(['--no-cache', '--output-format', 'concise', 'proj'], { cwd: root, env });
    expect(a.stderr).toBe('');
    expect(a.stdout).toBe(fromParent());
    expect(a.code).toBe(1);
    const b = runCli(['--no-cache', '--output-format', 'concise'], { cwd: svc, env });
    expect(b.stderr).toBe('');
    expect(b.stdout).toBe(fromSvc());
    expect(b.code).toBe(1);
    // The JSON report carries the same text.
    const j = runCli(['--no-cache', '--output-format', 'json', 'wf.py'], { cwd: svc, env });
    const msgs = (JSON.parse(j.stdout) as { findings: { code: string; message: string }[] }).findings.map((f) => `${f.code} ${f.message}`);
    expect(msgs).toContain(`IS601 No credentials for \`ghcr.io\` in the Docker config (${path.join(docker, 'config.json')}, which does not exist): the push after the build will be denied. To fix it, run \`docker login ghcr.io\` with a personal access token that has \`write:packages\``);
  });

  it('a corrupt Docker config is named as the working directory sees it', () => {
    const dir = fs.realpathSync(tmpDir('isl-paths-docker-'));
    fs.mkdirSync(path.join(dir, '.git'));
    fs.mkdirSync(path.join(dir, 'docker'));
    fs.writeFileSync(path.join(dir, 'docker', 'config.json'), '{"auths": ');
    fs.writeFileSync(path.join(dir, 'wf.py'), 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", registry="ghcr.io/acme")\n');
    const r = runCli(['--no-cache', '--select', 'IS601', '--output-format', 'concise'], { cwd: dir, env: { DOCKER_CONFIG: path.join(dir, 'docker') } });
    expect(r.stdout).toMatch(
      /^wf\.py:3:41: IS601 \[warning\] Cannot check credentials for `ghcr\.io`: the Docker config docker\/config\.json is not valid JSON: [^\n]+\. The docker client cannot use it either, so the push will fail; repair the file \(or point DOCKER_CONFIG at another folder\)\n/,
    );
  });

  it('the result cache does not hand one folder’s messages to a run from another', () => {
    const cache = path.join(tmpDir('isl-paths-cache-'), 'cache');
    const env = { DOCKER_CONFIG: docker, IMAGESPEC_CACHE_DIR: cache };
    const run = (cwd: string, args: string[]) => runCli(['--output-format', 'concise', ...args], { cwd, env });
    expect(run(root, ['proj']).stdout).toBe(fromParent());
    expect(run(svc, []).stdout).toBe(fromSvc());
    // Warm, both: each folder's run is answered with its own paths.
    expect(run(root, ['proj']).stdout).toBe(fromParent());
    expect(run(svc, []).stdout).toBe(fromSvc());
    expect(fs.readdirSync(path.join(cache, 'lint-v3')).filter((n) => n.endsWith('.json'))).toHaveLength(2);
  });
});

describe('paths in language server messages', () => {
  async function messages(workspace: string): Promise<string[]> {
    const c = await LspClient.start({ root: workspace, env: { DOCKER_CONFIG: docker } });
    try {
      const file = path.join(svc, 'wf.py');
      const uri = await c.open(file, WF);
      const diags = await c.diagnostics(uri, { pred: (d) => d.length >= 3, timeoutMs: 30_000 });
      return diags.map((d) => `${d.code} ${d.message}`).sort();
    } finally {
      expect(await c.stop()).toBe(0);
    }
  }

  it('are relative to the workspace folder holding the file, absolute outside it', async () => {
    const whole = await messages(root);
    expect(whole.find((m) => m.startsWith('IS401'))).toContain(`(looked for \`proj/svc/requirments.txt\` and \`proj/requirments.txt\` ${WORKING})`);
    expect(whole.find((m) => m.startsWith('IS601'))).toContain('in the Docker config (proj/.docker/config.json, which does not exist)');
    const sub = await messages(svc);
    expect(sub.find((m) => m.startsWith('IS401'))).toContain(`(looked for \`requirments.txt\` and \`${path.join(proj, 'requirments.txt')}\` ${WORKING})`);
    expect(sub.find((m) => m.startsWith('IS405'))).toContain(`(looked for \`srcs\` and \`${path.join(proj, 'srcs')}\` ${WORKING})`);
  }, 120_000);
});
