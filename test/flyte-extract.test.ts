// The Flyte 2 extractor (server/extract/flyte.ts): flyte.Image chains,
// extensions of module-level images, environments, paths; and the engine's
// gating (rules see Flyte 2 declarations only when they opt in).
import { describe, expect, it } from 'vitest';
import { extractDecls } from '../server/extract';
import { imageOfEnv, isFlyte2, type Flyte2Decl, type FlyteImageInfo, type FlyteEnvInfo } from '../server/model/decl';
import { callArg, chainOf } from '../server/flyte/fromDecl';
import { createRun, lintText } from '../server/engine/lint';
import { defaultConfig } from '../server/engine/config';
import { CachedFs } from '../server/engine/fs';
import type { OfflineRule, RuleSet } from '../server/engine/types';

const FILE = '/p/pkg/main.py';
const decls = (text: string): Flyte2Decl[] => extractDecls(text, FILE).decls.filter(isFlyte2);
const images = (text: string) => decls(text).filter((d) => d.flyte.role === 'image') as (Flyte2Decl & { flyte: FlyteImageInfo })[];
const envs = (text: string) => decls(text).filter((d) => d.flyte.role === 'environment') as (Flyte2Decl & { flyte: FlyteEnvInfo })[];
const methods = (d: { flyte: FlyteImageInfo }) => d.flyte.calls.map((c) => c.method);

describe('Flyte 2 extraction: environments cloned with clone_with', () => {
  it('an environment of the same class, with its own image or the cloned one', () => {
    const src = [
      'import flyte',
      'img = flyte.Image.from_debian_base(name="a")',
      'env = flyte.TaskEnvironment(name="env", image=img)',
      'cached = env.clone_with("cached", cache="auto")',
      'other = cached.clone_with(name="other", image="ghcr.io/acme/x:1")',
      'app = flyte.app.AppEnvironment(name="app").clone_with("app2")',
      'def f(env):',
      '    return env.clone_with("local")',
      'x = make().clone_with("y")',
      '',
    ].join('\n');
    const es = envs(src);
    const name = (e: Flyte2Decl) => {
      const v = e.fields.find((f) => f.name === 'name')?.value;
      return v?.kind === 'str' ? v.value : undefined;
    };
    expect(es.map((e) => [name(e), e.flyte.callee, e.range.start.line])).toEqual([
      ['env', 'TaskEnvironment', 2],
      ['cached', 'TaskEnvironment', 3],
      ['other', 'TaskEnvironment', 4],
      ['app', 'AppEnvironment', 5],
      ['app2', 'AppEnvironment', 5],
    ]);
    const [env, cached, other] = es;
    expect(cached.flyte.clonedFrom).toBe(env);
    expect(cached.flyte.image).toBeUndefined();
    expect(imageOfEnv(cached.flyte)).toBe(env.flyte.image);
    expect(other.flyte.clonedFrom).toBe(cached);
    expect(imageOfEnv(other.flyte)?.value).toMatchObject({ kind: 'str', value: 'ghcr.io/acme/x:1' });
  });
});

describe('Flyte 2 extraction: which calls are images', () => {
  it('finds constructors however flyte or Image is imported', () => {
    const forms = [
      'import flyte\nx = flyte.Image.from_debian_base()\n',
      'import flyte as fl\nx = fl.Image.from_debian_base()\n',
      'from flyte import Image\nx = Image.from_debian_base()\n',
      'from flyte import Image as Img\nx = Img.from_debian_base()\n',
      'import flyte.app\nx = flyte.app.Image.from_debian_base()\n',
      'from flyte._image import Image\nx = Image.from_debian_base()\n',
      'import flyte\ndef f():\n    from flyte import Image as I\n    return I.from_debian_base()\n',
    ];
    for (const text of forms) expect(images(text).map(methods), text).toEqual([['from_debian_base']]);
  });

  it('ignores Image of other modules, shadowed names and files without flyte', () => {
    const forms = [
      'from PIL import Image\nx = Image.from_base("a")\n',
      'import flyte\nclass Image: pass\nx = Image.from_base("a")\n',
      'import flyte\ndef f(flyte):\n    return flyte.Image.from_base("a")\n',
      'x = flyte.Image.from_base("a")\n',
    ];
    for (const text of forms) expect(images(text), text).toEqual([]);
  });

  it('reads the chain with each call, its arguments and ranges', () => {
    const text = 'import flyte\nimg = (\n    flyte.Image.from_debian_base(python_version=(3, 12), name="x")\n    .with_pip_packages("a", "b", pre=True)\n    .with_apt_packages("git")\n)\n';
    const [d] = images(text);
    expect(methods(d)).toEqual(['from_debian_base', 'with_pip_packages', 'with_apt_packages']);
    expect(d.flyte.variable).toBe('img');
    expect(d.flyte.complete).toBe(true);
    const lines = text.split('\n');
    const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
      r.start.line === r.end.line ? lines[r.start.line].slice(r.start.character, r.end.character) : '<multi>';
    const [ctor, pip] = d.flyte.calls;
    expect(at(ctor.nameRange)).toBe('from_debian_base');
    expect(at(ctor.range)).toBe('flyte.Image.from_debian_base(python_version=(3, 12), name="x")');
    expect(at(pip.range)).toBe('.with_pip_packages("a", "b", pre=True)');
    expect(at(pip.argsRange)).toBe('("a", "b", pre=True)');
    expect(pip.args.map((a) => (a.kind === 'str' ? a.value : a.kind))).toEqual(['a', 'b']);
    expect(at(pip.kwargs[0].range)).toBe('pre=True');
    expect(d.fields.map((f) => f.name)).toEqual(['python_version', 'name']);
    expect(at(d.calleeRange)).toBe('flyte.Image.from_debian_base');
    expect(d.chain.map((c) => c.method)).toEqual(['with_pip_packages', 'with_apt_packages']);
    expect(d.statementLine).toBe(1);
    expect(callArg(pip, 'packages')?.value).toMatchObject({ kind: 'str', value: 'a' });
    expect(callArg(pip, 'pre')?.value).toMatchObject({ kind: 'bool', value: true });
  });

  it('binds positional constructor arguments to parameter names', () => {
    const [d] = images('import flyte\nx = flyte.Image.from_dockerfile("Dockerfile", "ghcr.io/acme", "img")\n');
    expect(d.fields.map((f) => [f.name, f.positional])).toEqual([
      ['file', true],
      ['registry', true],
      ['name', true],
    ]);
  });

  it('a module-level image extended later is a declaration starting with the base calls', () => {
    const text = [
      'import flyte',
      'base = flyte.Image.from_debian_base(name="b")',
      'gpu = base.with_pip_packages("torch")',
      'gpu2 = gpu.clone(name="g2").with_apt_packages("git")',
      'def f():',
      '    return base.with_pip_packages("x")',
      '',
    ].join('\n');
    const ds = images(text);
    expect(ds.map(methods)).toEqual([
      ['from_debian_base'],
      ['from_debian_base', 'with_pip_packages'],
      ['from_debian_base', 'with_pip_packages', 'clone', 'with_apt_packages'],
      ['from_debian_base', 'with_pip_packages'],
    ]);
    expect(ds.map((d) => d.flyte.ownFrom)).toEqual([0, 1, 2, 1]);
    expect(ds[1].flyte.base).toBe(ds[0]);
    expect(ds[2].flyte.base).toBe(ds[1]);
    expect(ds[2].flyte.variable).toBe('gpu2');
    expect(ds[2].range.start).toEqual({ line: 3, character: 7 });
  });

  it('a chain on something not known to be an image is incomplete: own calls only', () => {
    const text = 'import flyte\ndef f(img):\n    return img.with_pip_packages("x").with_apt_packages("y")\nimg = make()\nimg = img.clone(name="x")\n';
    const ds = images(text);
    expect(ds.map(methods)).toEqual([['with_pip_packages', 'with_apt_packages']]);
    expect(ds[0].flyte.complete).toBe(false);
    expect(ds[0].flyte.unknownStart).toContain('`img`');
    expect(chainOf(ds[0])).toEqual({ unknown: ds[0].flyte.unknownStart });
  });

  it('a local variable named like a module-level image is not an extension', () => {
    const text = 'import flyte\nbase = flyte.Image.from_debian_base(name="b")\ndef f(base):\n    return base.with_pip_packages("x")\n';
    const ds = images(text);
    expect(ds.map((d) => d.flyte.complete)).toEqual([true, false]);
  });
});

describe('Flyte 2 extraction: environments', () => {
  it('reads image= as a reference string, an image by name or inline, or "auto" when absent', () => {
    const text = [
      'import flyte',
      'from flyte.app.extras import FastAPIAppEnvironment',
      'base = flyte.Image.from_debian_base(name="b").with_pip_packages("x")',
      'a = flyte.TaskEnvironment(name="a", image=base)',
      'b = flyte.TaskEnvironment("b", image="ghcr.io/acme/img:1")',
      'c = flyte.TaskEnvironment(name="c")',
      'd = flyte.TaskEnvironment(name="d", image=flyte.Image.from_base("python:3.12"))',
      'e = FastAPIAppEnvironment(name="e", image={"a": 1})',
      '',
    ].join('\n');
    const all = decls(text);
    const es = all.filter((d) => d.flyte.role === 'environment') as (Flyte2Decl & { flyte: FlyteEnvInfo })[];
    expect(es.map((e) => e.flyte.callee)).toEqual(['TaskEnvironment', 'TaskEnvironment', 'TaskEnvironment', 'TaskEnvironment', 'FastAPIAppEnvironment']);
    expect(es.map((e) => e.flyte.image?.value.kind)).toEqual(['spec', 'str', undefined, 'spec', 'dict']);
    const ims = all.filter((d) => d.flyte.role === 'image');
    const a = es[0].flyte.image!.value;
    expect(a.kind === 'spec' && a.decl).toBe(ims[0]);
    const d = es[3].flyte.image!.value;
    expect(d.kind === 'spec' && d.decl).toBe(ims[1]);
    expect(es[1].fields[0]).toMatchObject({ name: 'name', positional: true });
  });

  it('ignores environments of other modules', () => {
    expect(envs('import flyte\nfrom mylib import TaskEnvironment\nx = TaskEnvironment(name="a")\n')).toEqual([]);
  });
});

describe('Flyte 2 extraction: values', () => {
  it('resolves Path(__file__).parent / "x", Path("x") and constants; unknown otherwise', () => {
    const text = [
      'import flyte, os',
      'import pathlib',
      'from pathlib import Path',
      'HERE = Path(__file__).parent',
      'REQ = "requirements.txt"',
      'x = (flyte.Image.from_debian_base(name="x")',
      '  .with_requirements(HERE / REQ)',
      '  .with_requirements(Path("a") / "b.txt")',
      '  .with_requirements(pathlib.Path(__file__).resolve().parent.parent / "c.txt")',
      '  .with_requirements(Path(os.getcwd()) / "d.txt")',
      '  .with_source_file(Path("a", "/abs", "e.py"))',
      '  .with_workdir(f"/root/{REQ}"))',
      '',
    ].join('\n');
    const [d] = images(text);
    const vals = d.flyte.calls.slice(1).map((c) => c.args[0]);
    expect(vals.map((v) => (v.kind === 'path' || v.kind === 'str' ? `${v.kind}:${v.value}` : v.kind))).toEqual([
      'path:/p/pkg/requirements.txt',
      'path:a/b.txt',
      'path:/p/c.txt',
      'unknown',
      'path:/abs/e.py',
      'str:/root/requirements.txt',
    ]);
  });

  it('ImageSpec declarations never get path values', () => {
    const [d] = extractDecls('from flytekit import ImageSpec\nfrom pathlib import Path\nx = ImageSpec(requirements=Path("r.txt"))\n', FILE).decls;
    expect(d.kind).toBeUndefined();
    expect(d.fields[0].value.kind).toBe('unknown');
  });

  it('a file with both ImageSpec and flyte.Image gets both kinds, in source order', () => {
    const text = 'import flyte\nfrom flytekit import ImageSpec\na = flyte.Image.from_debian_base()\nb = ImageSpec(name="b")\n';
    expect(extractDecls(text, FILE).decls.map((d) => d.kind ?? 'imagespec')).toEqual(['flyte2', 'imagespec']);
  });

  it('chainOf gives uri.ts its input', () => {
    const [d] = images('import flyte\nx = flyte.Image.from_debian_base(python_version=(3, 12), name="x").with_pip_packages("a")\n');
    const c = chainOf(d);
    expect('chain' in c && c.chain.calls).toEqual([
      { method: 'from_debian_base', args: [], kwargs: [['python_version', { kind: 'tuple', items: [{ kind: 'int', value: 3 }, { kind: 'int', value: 12 }] }], ['name', { kind: 'str', value: 'x' }]] },
      { method: 'with_pip_packages', args: [{ kind: 'str', value: 'a' }], kwargs: [] },
    ]);
  });
});

describe('engine gating', () => {
  it('rules see Flyte 2 declarations only when they opt in (declKinds)', () => {
    const seen: Record<string, string[]> = { plain: [], both: [] };
    const mk = (name: string, declKinds?: OfflineRule['declKinds']): OfflineRule => ({
      code: name === 'plain' ? 'IS990' : 'IS991',
      name,
      severity: 'warning',
      summary: '',
      docs: { whatItDoes: '', why: '', example: '' },
      fixSafety: { kind: 'none' },
      appliesTo: [],
      ...(declKinds ? { declKinds } : {}),
      check: (decl) => {
        seen[name].push(decl.kind ?? 'imagespec');
        return [];
      },
    });
    const rules: RuleSet = {
      rules: [mk('plain'), mk('both', ['imagespec', 'flyte2'])],
      unusedSuppression: { ...mk('unused'), code: 'IS000', checkUnused: () => ({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: '' }) },
    };
    const run = createRun({ config: defaultConfig(), projectRoot: '/p', fs: new CachedFs(), rules });
    lintText('import flyte\nfrom flytekit import ImageSpec\na = flyte.Image.from_debian_base()\nb = ImageSpec(name="b")\n', FILE, run);
    expect(seen).toEqual({ plain: ['imagespec'], both: ['flyte2', 'imagespec'] });
  });
});

describe('Flyte 2 extraction: flyte imported only below module level', () => {
  it('finds the images of a function that imports flyte, however the import is written', () => {
    for (const imp of ['import flyte', 'import os, flyte', 'import os, \\\n        flyte', 'from flyte import Image as flyte_Image; import flyte']) {
      const src = ['def build():', `    ${imp}`, '    return flyte.Image.from_debian_base(name="a")', ''].join('\n');
      const found = images(src);
      expect(found.map((d) => [d.range.start.line, methods(d)]), imp).toEqual([[imp.includes('\n') ? 3 : 2, ['from_debian_base']]]);
    }
  });

  it('finds none where flyte is only named (a comment, another module imported below module level)', () => {
    const src = ['# see the flyte docs', 'def build():', '    import os  # flyte', '    return flyte.Image.from_debian_base(name="a")', ''].join('\n');
    expect(decls(src)).toEqual([]);
  });
});
