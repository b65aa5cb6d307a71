// Real project layouts judged as they run, through the built CLI (run from
// the folder holding them all, as a user lints a clone) and through the
// language server (each module opened in one workspace): an examples
// monorepo whose examples run from their own folders, an envd example, a
// plain one, a Union project, and projects pinned to 1.13.5 (uv.lock),
// 1.14.6 (pyproject), 1.15.3 and 1.16.x (requirements). Each module's
// expected codes are written beside it; the CLI and the server must both
// report exactly those.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { tmpDir } from './helpers/tmp';
import { ensureBuilt, LspClient } from './lsp/client';

const SELECT = 'IS401,IS402,IS404,IS405,IS407,IS109,IS501,IS506,IS508,IS511,IS513';
const H = 'from flytekit import ImageSpec\n\n';
const PY = (deps: string[]) => `[project]\nname = "demo"\nversion = "0.1.0"\ndependencies = [${deps.map((d) => JSON.stringify(d)).join(', ')}]\n`;

/** Each module with the codes it must get (sorted), and the other files of its layout. */
const MODULES: Record<string, { src: string; codes: string[] }> = {
  // An examples monorepo (one git root, one folder per example, each run from its own folder).
  'examples/etl/workflow.py': { src: H + 'image = ImageSpec(name="etl", requirements="requirements.txt", registry="localhost:30000")\n', codes: [] },
  'examples/etl/typo.py': { src: H + 'image = ImageSpec(name="etl", requirements="requirments.txt", registry="localhost:30000")\n', codes: ['IS401'] },
  'examples/serve/deploy.py': { src: H + 'image = ImageSpec(name="serve", source_root="fastapi", registry="localhost:30000")\n', codes: [] },
  'examples/shared/jobs/nightly.py': {
    // shared.txt sits in examples/shared/, a folder between the module and the root.
    src: H + 'image = ImageSpec(name="nightly", requirements="shared.txt", copy=["jobs/config.yaml"], registry="localhost:30000")\n',
    codes: [],
  },
  'examples/split/wf.py': { src: H + 'image = ImageSpec(name="split", requirements="requirements-split.txt", source_root="src", registry="localhost:30000")\n', codes: ['IS407'] },
  'examples/gpu/train.py': { src: H + 'image = ImageSpec(name="train", packages=["torch"], cuda="12.1", registry="localhost:30000")\n', codes: [] },
  'examples/cpu/train.py': { src: H + 'image = ImageSpec(name="train", packages=["torch"], cuda="12.1", registry="localhost:30000")\n', codes: ['IS506'] },
  'examples/cpu/local.py': { src: H + 'image = ImageSpec(name="train", packages=["torch"])\n', codes: ['IS109'] },
  'examples/typo_builder.py': { src: H + 'image = ImageSpec(name="b", builder="dfault", registry="localhost:30000")\n', codes: ['IS511'] },
  // A Union project: no registry needed (the endpoint decides the builder); a spec naming union is judged by IS513.
  'union-app/workflows/app.py': { src: H + 'image = ImageSpec(name="app", packages=["pandas"])\n', codes: [] },
  'union-app/workflows/gpu.py': { src: H + 'image = ImageSpec(name="gpu", builder="union", cuda="12.1", python_version="3.13", entrypoint=["python"])\n', codes: ['IS513', 'IS513'] },
  // Pinned releases.
  'pinned-1.13.5/wf.py': { src: H + 'image = ImageSpec(name="p", python_exec="/usr/bin/python3", registry="localhost:30000")\n', codes: ['IS501'] },
  'pinned-1.14.6/wf.py': { src: H + 'image = ImageSpec(name="p", python_exec="/usr/bin/python3", builder="noop", base_image="python:3.12", registry="localhost:30000")\n', codes: ['IS501', 'IS511'] },
  'pinned-1.15.3/wf.py': { src: H + 'image = ImageSpec(name="p", python_exec="/usr/bin/python3", registry="localhost:30000")\n', codes: [] },
  'pinned-1.16/wf.py': { src: H + 'image = ImageSpec(name="p", python_exec="/usr/bin/python3", builder="noop", base_image="python:3.12", registry="localhost:30000").with_runtime_packages(["x"])\n', codes: [] },
};

const FILES: Record<string, string> = {
  'examples/.git/HEAD': '',
  'examples/etl/requirements.txt': 'pandas\n',
  'examples/serve/fastapi/main.py': '',
  'examples/shared/shared.txt': 'numpy\n',
  'examples/shared/jobs/config.yaml': 'a: 1\n',
  'examples/split/requirements-split.txt': 'x\n',
  'examples/src/__init__.py': '',
  'examples/gpu/requirements.txt': 'flytekit\nflytekitplugins-envd\n',
  'examples/cpu/requirements.txt': 'flytekit\ntorch\n',
  'union-app/.git/HEAD': '',
  'union-app/pyproject.toml': PY(['union>=0.1.150']),
  'pinned-1.13.5/.git/HEAD': '',
  'pinned-1.13.5/pyproject.toml': PY(['flytekit>=1.13']),
  'pinned-1.13.5/uv.lock': 'version = 1\n\n[[package]]\nname = "flytekit"\nversion = "1.13.5"\n',
  'pinned-1.14.6/.git/HEAD': '',
  'pinned-1.14.6/pyproject.toml': PY(['flytekit==1.14.6']),
  'pinned-1.15.3/.git/HEAD': '',
  'pinned-1.15.3/requirements.txt': 'flytekit==1.15.3\n',
  'pinned-1.16/.git/HEAD': '',
  'pinned-1.16/requirements.txt': 'flytekit>=1.16,<1.17\n',
};

let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = fs.realpathSync(tmpDir('isl-layouts-'));
  for (const [rel, text] of Object.entries({ ...FILES, ...Object.fromEntries(Object.entries(MODULES).map(([k, v]) => [k, v.src])) })) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
});

function expected(): Record<string, string[]> {
  return Object.fromEntries(Object.entries(MODULES).map(([k, v]) => [k, [...v.codes].sort()]));
}

describe('real layouts', () => {
  it('through the CLI, linted from the folder that holds them all', () => {
    const r = runCli(['--select', SELECT, '--no-cache', '--output-format', 'json', '.'], { cwd: dir, env: { DOCKER_CONFIG: path.join(dir, '.docker') } });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { findings: { file: string; code: string; message: string }[] };
    const got: Record<string, string[]> = Object.fromEntries(Object.keys(MODULES).map((k) => [k, [] as string[]]));
    for (const f of report.findings) (got[f.file] ??= []).push(f.code);
    for (const k of Object.keys(got)) got[k].sort();
    expect(got).toEqual(expected());
    const msg = (file: string, code: string) => report.findings.find((f) => f.file === file && f.code === code)!.message;
    // The typo names every path it looked for, nearest first, relative to the working directory (as the file is printed).
    expect(msg('examples/etl/typo.py', 'IS401')).toContain('(looked for `examples/etl/requirments.txt` and `examples/requirments.txt` from each folder pyflyte may run in');
    // Where the release and the builder came from.
    expect(msg('pinned-1.13.5/wf.py', 'IS501')).toContain('flytekit 1.13.5 (it arrived in 1.15.0), the release the project runs (pinned-1.13.5/uv.lock locks flytekit 1.13.5)');
    expect(msg('pinned-1.14.6/wf.py', 'IS511')).toContain('flytekit 1.14.6 (pinned-1.14.6/pyproject.toml pins flytekit 1.14.6) registers no `noop` builder: it arrived in 1.15.4');
    expect(msg('examples/cpu/local.py', 'IS109')).toContain('the default builder (no builder is set and the project installs no other)');
    expect(r.code).toBe(1);
  }, 120_000);

  it('through the language server, each module opened in one workspace', async () => {
    const c = await LspClient.start({ root: dir, env: { DOCKER_CONFIG: path.join(dir, '.docker') }, initializationOptions: { select: SELECT.split(',') } });
    try {
      const got: Record<string, string[]> = {};
      for (const rel of Object.keys(MODULES)) {
        const file = path.join(dir, rel);
        const uri = await c.open(file, fs.readFileSync(file, 'utf8'));
        const diags = await c.diagnostics(uri, { timeoutMs: 30_000 });
        got[rel] = diags
          .map((d) => String(d.code))
          .filter((code) => SELECT.split(',').includes(code))
          .sort();
      }
      expect(got).toEqual(expected());
    } finally {
      expect(await c.stop()).toBe(0);
    }
  }, 120_000);
});
