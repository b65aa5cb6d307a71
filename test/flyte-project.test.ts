// Flyte 2 as a project runs it: the pinned flyte release, the config file
// flyte finds (./config.yaml, ./.flyte/config.yaml, <git root>/.flyte/config.yaml)
// with FLYTE_IMAGE_*, and the chain evaluated from the working folders
// (server/project/flyte.ts, rules/shared/flyte2.ts).
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractDecls } from '../server/extract';
import { isFlyte2, type Flyte2Decl } from '../server/model/decl';
import { CachedFs } from '../server/engine/fs';
import { evaluateFlyte, flyteSettings } from '../server/project/flyte';
import { projectDependencies } from '../server/project/dependencies';
import { environmentFolders, workingFolders } from '../server/project/workdir';
import { tmpProject } from './helpers/lint';

function setup(files: Record<string, string>, src: string, env: Record<string, string> = {}, rel = 'pkg/main.py') {
  const dir = tmpProject({ ...files, [rel]: src });
  const file = path.join(dir, rel);
  const fs = new CachedFs();
  const show = (abs: string) => path.relative(dir, abs);
  const folders = workingFolders(file, dir);
  const deps = projectDependencies(fs, environmentFolders(file, dir));
  const settings = flyteSettings(fs, { deps, folders, show }, undefined, env);
  const decls = extractDecls(src, file).decls.filter(isFlyte2) as Flyte2Decl[];
  return { dir, settings, decls, eval: (d: Flyte2Decl) => evaluateFlyte(d, settings, fs) };
}

describe('Flyte 2 project settings', () => {
  it('an image from from_pixi_script (flyte-sdk main after 2.6.5): unknown unless the project pins a release, AttributeError in one read', () => {
    const src = 'import flyte\nimg = flyte.Image.from_pixi_script("script.py", name="p")\n';
    const a = setup({ 'requirements.txt': 'flyte\n' }, src);
    expect(a.eval(a.decls[0])).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('`from_pixi_script` is in flyte releases newer than 2.6.5') });
    const b = setup({ 'requirements.txt': 'flyte==2.6.5\n' }, src);
    expect(b.eval(b.decls[0])).toMatchObject({ kind: 'error', message: expect.stringContaining("has no attribute 'from_pixi_script'") });
  });

  it('the flyte release: an exact pin, else the newest read, said so', () => {
    expect(setup({ 'requirements.txt': 'flyte==2.5.13\n' }, 'import flyte\n').settings.flyte).toMatchObject({ version: '2.5.13', how: 'pinned', source: 'requirements.txt pins flyte 2.5.13' });
    expect(setup({ 'requirements.txt': 'flyte>=2.0\n' }, 'import flyte\n').settings.flyte).toMatchObject({ version: '2.6.5', how: 'assumed' });
    expect(setup({}, 'import flyte\n').settings.flyte.source).toBe('nothing in the project pins flyte: assumed 2.6.5, the newest release read');
  });

  it('the config file flyte finds: ./config.yaml before ./.flyte/config.yaml before the git root, nearest folder first', () => {
    const cfg = (reg: string) => `image:\n  registry: ${reg}\n  builder: remote\n`;
    let s = setup({ '.git/': '', '.flyte/config.yaml': cfg('root.io/a'), 'pkg/.flyte/config.yaml': cfg('pkg.io/a') }, 'import flyte\n').settings.config;
    expect(s.pushRegistry).toBe('pkg.io/a');
    expect(s.image.registry.from).toBe('image.registry in pkg/.flyte/config.yaml');
    expect(s.builder).toBe('remote');
    s = setup({ '.git/': '', '.flyte/config.yaml': cfg('root.io/a'), 'config.yaml': cfg('cwd.io/a') }, 'import flyte\n').settings.config;
    expect(s.pushRegistry).toBe('cwd.io/a');
    s = setup({ '.git/': '', 'sub/.flyte/config.yaml': cfg('x') }, 'import flyte\n').settings.config;
    expect(s.file).toBeNull();
    expect(s.pushRegistry).toBeUndefined();
    expect(s.builder).toBeUndefined();
  });

  it('FLYTE_IMAGE_REGISTRY wins over the file, and counts without one', () => {
    expect(setup({ 'config.yaml': 'image:\n  registry: file.io/a\n' }, 'import flyte\n', { FLYTE_IMAGE_REGISTRY: 'env.io/b' }).settings.config.pushRegistry).toBe('env.io/b');
    expect(setup({}, 'import flyte\n', { FLYTE_IMAGE_REGISTRY: 'env.io/b' }).settings.config.pushRegistry).toBe('env.io/b');
  });
});

describe('evaluating a declaration for its project', () => {
  it('a registry from the config applies to an image that sets none', () => {
    const src = 'import flyte\nimg = flyte.Image.from_debian_base(python_version=(3, 12), name="x").with_pip_packages("a")\n';
    const a = setup({ 'requirements.txt': 'flyte==2.6.5\n', 'config.yaml': 'image:\n  registry: ghcr.io/acme\n' }, src);
    const r = a.eval(a.decls[0]);
    expect(r.kind === 'uri' && r.uri).toMatch(/^ghcr\.io\/acme\/x:[0-9a-f]{32}$/);
    const b = setup({ 'requirements.txt': 'flyte==2.6.5\n' }, src);
    expect(b.eval(b.decls[0])).toMatchObject({ kind: 'unknown' });
  });

  it('relative files resolve from the working folders; a missing one is the SDK error', () => {
    const src = 'import flyte\nimg = flyte.Image.from_debian_base(python_version=(3, 12), name="x", registry="r.io").with_requirements("reqs/r.txt")\n';
    const found = setup({ 'reqs/r.txt': 'numpy\n' }, src);
    expect(found.eval(found.decls[0]).kind).toBe('uri');
    const missing = setup({}, src);
    expect(missing.eval(missing.decls[0])).toMatchObject({ kind: 'error', pyType: 'FileNotFoundError', call: 1 });
  });

  it('an environment or an incomplete chain is not evaluated', () => {
    const s = setup({}, 'import flyte\ne = flyte.TaskEnvironment(name="e")\ndef f(i):\n    return i.with_pip_packages("a")\n');
    expect(s.decls.map((d) => s.eval(d).kind)).toEqual(['unknown', 'unknown']);
  });
});
