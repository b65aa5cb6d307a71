// The rule families ImageSpec and Flyte 2 share, on flyte.Image chains:
// the registry form (IS101, IS102, IS108) on `registry`; Artifact Registry
// structure, region and project (IS103-IS107, IS301, IS302) on
// `registry/name`; IS401 for `with_requirements` files from the working
// folders; IS501 for unknown keywords and methods; IS601 only with the local
// builder; never IS109. Through the engine, the CLI and the language server.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';
import { runCli } from './helpers/cli';
import { ensureBuilt, LspClient, tempProject } from './lsp/client';

const HEAD = 'import flyte\nfrom pathlib import Path\n';
const LOCAL = { 'config.yaml': 'image:\n  builder: local\n' };

describe('registry form on Flyte 2 images', () => {
  it('IS101: a trailing slash in the registry of a constructor or a clone; the fix removes it', () => {
    const out = lintSource(HEAD + 'a = flyte.Image.from_debian_base(registry="ghcr.io/acme/", name="a")\nb = flyte.Image.from_base("python:3.12").clone(registry="ghcr.io/acme//x", name="b", extendable=True)\n', { select: ['IS101'] });
    const fs101 = only(out, 'IS101');
    expect(fs101.map((f) => covered(out, f))).toEqual(['/', '/']);
    expect(fs101[0].message).toContain('Flyte 2 does not check the registry');
    expect(applyFix(out, fs101[0].fixes[0])).toContain('registry="ghcr.io/acme", name="a"');
  });

  it('IS101 judges the registry that decides: an overridden one, an inherited one and an unknown one are silent', () => {
    const out = lintSource(
      HEAD +
        'import os\nbase = flyte.Image.from_debian_base(registry="ghcr.io/acme/", name="a")\n' +
        'ext = base.with_pip_packages("x")\n' +
        'ok = flyte.Image.from_debian_base(registry="bad/", name="a").clone(registry="ghcr.io/acme")\n' +
        'u = flyte.Image.from_debian_base(registry=os.environ["R"], name="a")\n',
      { select: ['IS101'] },
    );
    expect(only(out, 'IS101').map((f) => f.range.start.line)).toEqual([3]);
  });

  it('IS102: uppercase in the registry path or the name is an error (Flyte 2 lowercases nothing); a host may have it', () => {
    const out = lintSource(HEAD + 'a = flyte.Image.from_debian_base(registry="GHCR.io/MyOrg", name="App")\n', { select: ['IS102'] });
    const f = only(out, 'IS102');
    expect(f.map((x) => [covered(out, x), x.severity])).toEqual([
      ['MyO', 'error'],
      ['A', 'error'],
    ]);
    expect(f[1].message).toContain('Flyte 2 does not lowercase it');
  });

  it('IS109 never speaks on Flyte 2 images', () => {
    const out = lintSource(HEAD + 'a = flyte.Image.from_debian_base(name="a").with_pip_packages("x")\n', { select: ['IS109'] });
    expect(only(out, 'IS109')).toEqual([]);
  });
});

describe('Artifact Registry on registry/name', () => {
  it('IS103 when registry/name has no repository; silent when the repository sits in name', () => {
    const out = lintSource(
      HEAD +
        'a = flyte.Image.from_debian_base(registry="us-east1-docker.pkg.dev/my-project", name="app")\n' +
        'b = flyte.Image.from_debian_base(registry="us-east1-docker.pkg.dev/my-project", name="repo/app")\n',
      { select: ['IS103'] },
    );
    const f = only(out, 'IS103');
    expect(f.map((x) => x.range.start.line)).toEqual([2]);
    expect(f[0].message).toContain('Flyte 2 would push');
    expect(f[0].message).not.toContain('flytekit');
  });

  it('IS104 and IS107 on a Flyte 2 registry', () => {
    const out = lintSource(
      HEAD + 'a = flyte.Image.from_debian_base(registry="us-centrall-docker.pkg.dev/my-project/repo", name="a")\nb = flyte.Image.from_debian_base(registry="gcr.io/my-project", name="b")\n',
      { select: ['IS104', 'IS107'] },
    );
    expect(out.findings.map((f) => [f.code, f.range.start.line])).toEqual([
      ['IS104', 2],
      ['IS107', 3],
    ]);
  });
});

describe('the push registry of the config, for images that name none', () => {
  const cfg = (registry: string, builder = 'local') => ({ 'config.yaml': `image:\n  builder: ${builder}\n  registry: ${registry}\n` });
  const built = HEAD + 'a = flyte.Image.from_debian_base(name="app").with_pip_packages("pandas")\n';

  it('IS103 on the configured registry, at the call that makes the image, once, saying where the registry comes from and offering no fix', () => {
    const src = built + 'b = a.with_pip_packages("numpy")\nc = flyte.Image.from_debian_base(name="etl").with_apt_packages("git")\n';
    const out = lintSource(src, { select: ['IS103'], files: cfg('us-east1-docker.pkg.dev/my-project') });
    const f = only(out, 'IS103');
    expect(f.map((x) => covered(out, x))).toEqual(['from_debian_base']);
    expect(f[0].range.start.line).toBe(2);
    expect(f[0].message).toContain('Flyte 2 would push');
    expect(f[0].message).toContain('(the image names no registry: the local builder pushes it to `us-east1-docker.pkg.dev/my-project`, from image.registry in config.yaml)');
    expect(f[0].fixes ?? []).toEqual([]);
  });

  it('IS104 and IS601 judge the configured registry too', () => {
    const typo = lintSource(built, { select: ['IS104', 'IS601'], files: cfg('us-centrall-docker.pkg.dev/my-project/repo') });
    expect(typo.findings.map((f) => [f.code, covered(typo, f)])).toEqual([['IS104', 'from_debian_base']]);
    // No Docker credentials for the configured host (DOCKER_CONFIG points at an empty folder in tests).
    const creds = lintSource(built, { select: ['IS104', 'IS601'], files: cfg('us-east1-docker.pkg.dev/p-123456/repo') });
    expect(creds.findings.map((f) => [f.code, covered(creds, f)])).toEqual([['IS601', 'from_debian_base']]);
    expect(creds.findings[0].message).toContain('us-east1-docker.pkg.dev');
  });

  it('FLYTE_IMAGE_REGISTRY is the push registry too, with the project config choosing the local builder', () => {
    const prev = process.env.FLYTE_IMAGE_REGISTRY;
    process.env.FLYTE_IMAGE_REGISTRY = 'us-east1-docker.pkg.dev/my-project';
    try {
      const out = lintSource(built, { select: ['IS103'], files: LOCAL });
      expect(only(out, 'IS103').map((f) => f.message)).toEqual([expect.stringContaining('from FLYTE_IMAGE_REGISTRY)')]);
    } finally {
      if (prev === undefined) delete process.env.FLYTE_IMAGE_REGISTRY;
      else process.env.FLYTE_IMAGE_REGISTRY = prev;
    }
  });

  it('silent when the image names its registry, is not built, the builder is remote, the registry is not known, or flyte.init sets one', () => {
    const bad = cfg('us-east1-docker.pkg.dev/my-project');
    const quiet = (src: string, files: Record<string, string> = bad) => only(lintSource(src, { select: ['IS103', 'IS104', 'IS601'], files }), 'IS103');
    expect(quiet(HEAD + 'a = flyte.Image.from_debian_base(registry="ghcr.io/acme", name="app").with_pip_packages("x")\n')).toEqual([]);
    // The released default image is pulled, never built or pushed.
    expect(quiet(HEAD + 'a = flyte.Image.from_debian_base()\n')).toEqual([]);
    expect(quiet(built, cfg('us-east1-docker.pkg.dev/my-project', 'remote'))).toEqual([]);
    expect(quiet(built, {})).toEqual([]);
    expect(quiet(built + 'flyte.init(image_registry="ghcr.io/acme")\n')).toEqual([]);
    // A chain that starts from something not known may name a registry.
    expect(quiet(HEAD + 'import mod\na = mod.base.with_pip_packages("x")\n')).toEqual([]);
    // The repository in the name: the GAR rules read registry/name.
    expect(quiet(HEAD + 'a = flyte.Image.from_debian_base(name="repo/app").with_pip_packages("x")\n')).toEqual([]);
  });
});

describe('files, keywords and credentials', () => {
  it('IS401: a with_requirements file missing from every working folder; found from the project root it is silent', () => {
    const src = HEAD + 'a = flyte.Image.from_debian_base(name="a").with_requirements("deps/requirements.txt").with_requirements(Path(__file__).parent / "r.txt")\n';
    const missing = lintSource(src, { select: ['IS401'], file: 'pkg/main.py' });
    expect(only(missing, 'IS401').map((f) => covered(missing, f))).toEqual(['"deps/requirements.txt"', 'Path(__file__).parent / "r.txt"']);
    expect(only(missing, 'IS401')[0].message).toContain('FileNotFoundError');
    const found = lintSource(src, { select: ['IS401'], file: 'pkg/main.py', files: { 'deps/requirements.txt': 'x\n', 'pkg/r.txt': 'y\n' } });
    expect(only(found, 'IS401')).toEqual([]);
  });

  it('IS501: an unknown keyword (renamed by the fix) and an unknown method', () => {
    const out = lintSource(HEAD + 'a = flyte.Image.from_debian_base(name="a", pyton_version=(3, 12)).with_pip_pakages("x")\n', { select: ['IS501'] });
    const f = only(out, 'IS501');
    expect(f.map((x) => covered(out, x))).toEqual(['pyton_version', 'with_pip_pakages']);
    expect(f[0].message).toContain("got an unexpected keyword argument 'pyton_version'");
    expect(applyFix(out, f[1].fixes[0])).toContain('.with_pip_packages("x")');
  });

  it('IS601 only with the local builder of the project config', () => {
    const src = HEAD + 'a = flyte.Image.from_debian_base(registry="us-east1-docker.pkg.dev/p-123456/repo", name="a")\n';
    expect(only(lintSource(src, { select: ['IS601'], files: LOCAL }), 'IS601')).toHaveLength(1);
    expect(only(lintSource(src, { select: ['IS601'], files: { 'config.yaml': 'image:\n  builder: remote\n' } }), 'IS601')).toEqual([]);
    expect(only(lintSource(src, { select: ['IS601'] }), 'IS601')).toEqual([]);
  });

  it('IS501: from_pixi_script (on flyte-sdk main after 2.6.5) is an error only in a project pinned to a release read', () => {
    const src = HEAD + 'img = flyte.Image.from_pixi_script("script.py", name="p")\n';
    expect(only(lintSource(src, { select: ['IS501'] }), 'IS501')).toEqual([]);
    expect(only(lintSource(src, { select: ['IS501'], files: { 'requirements.txt': 'flyte==2.7.0\n' } }), 'IS501')).toEqual([]);
    const pinned = only(lintSource(src, { select: ['IS501'], files: { 'requirements.txt': 'flyte==2.6.5\n' } }), 'IS501');
    expect(pinned.map((f) => f.message)).toEqual([expect.stringContaining('`Image` has no method `from_pixi_script` in flyte 2.6.5')]);
  });

  it('suppressions work on Flyte 2 findings', () => {
    const out = lintSource(HEAD + 'a = flyte.Image.from_debian_base(registry="ghcr.io/acme/", name="a")  # imagespec: ignore[IS101]\n', { select: ['IS101'] });
    expect(out.findings).toEqual([]);
  });
});

describe('through the CLI and the language server', () => {
  let dir: string;
  const src = HEAD + 'img = flyte.Image.from_debian_base(python_version=(3, 12), registry="us-east1-docker.pkg.dev/my-project/", name="app").with_pip_pakages("x")\n';
  beforeAll(() => {
    ensureBuilt();
    dir = tempProject({ 'main.py': src, ...LOCAL });
  });

  it('the CLI reports the shared families on a Flyte 2 image, in every format', () => {
    const r = runCli(['--output-format', 'concise', '--select', 'IS101,IS103,IS501', 'main.py'], { cwd: dir });
    expect(r.stdout.trim().split('\n').filter((l) => /IS\d{3}/.test(l))).toEqual([
      expect.stringContaining('main.py:3:70: IS103 [error] Artifact Registry needs a repository'),
      'main.py:3:104: IS101 [error] `registry` "us-east1-docker.pkg.dev/my-project/" has a trailing `/`: Flyte 2 does not check the registry, so the image reference it builds (`REGISTRY/NAME:TAG`) is invalid and the build (`docker buildx --tag`) fails; use `us-east1-docker.pkg.dev/my-project`',
      expect.stringContaining('main.py:3:120: IS501 [error] `Image` has no method `with_pip_pakages` in flyte 2.6.5'),
    ]);
    expect(r.code).toBe(1);
    const j = runCli(['--output-format', 'json', '--select', 'IS101', 'main.py'], { cwd: dir });
    expect((JSON.parse(j.stdout) as { findings: unknown[] }).findings).toHaveLength(1);
  });

  it('--fix applies the safe Flyte 2 fixes', () => {
    const d = tempProject({ 'main.py': src, ...LOCAL });
    runCli(['--fix', '--select', 'IS101', 'main.py'], { cwd: d });
    expect(fs.readFileSync(path.join(d, 'main.py'), 'utf8')).toContain('registry="us-east1-docker.pkg.dev/my-project", name="app"');
  });

  let c: LspClient;
  afterAll(async () => {
    if (c) await c.stop();
  });

  it('the language server publishes them, and hover shows the URI', async () => {
    c = await LspClient.start({ root: dir });
    const uri = await c.open(path.join(dir, 'main.py'), src);
    const diags = await c.diagnostics(uri, { pred: (d) => d.length > 0, timeoutMs: 30_000 });
    expect(diags.map((d) => d.code).sort()).toEqual(expect.arrayContaining(['IS101', 'IS103', 'IS501']));
    const h = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 22 } });
    expect(h?.contents.value).toContain("raises `AttributeError: 'Image' object has no attribute 'with_pip_pakages'`");
  });
});
