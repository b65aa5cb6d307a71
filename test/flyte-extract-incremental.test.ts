// Incremental extraction of Flyte 2 declarations (server/extract/flyte.ts on
// incremental.ts, issue 13): the language server re-extracts only the
// top-level statements a keystroke changed, and the statements holding
// another statement's image (an extension `gpu = base.with_x(...)`, an
// environment's `image=base`) whenever that one is rebuilt. Every test edits
// a document the way the server does (DocumentStore applies LSP changes and
// tree.edit; extractDecls gets the edited tree; the kept tree is sometimes
// re-parsed as trees.ts does) and compares with a fresh extraction of the
// same text: reuse may change the cost, never the answer.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractDecls } from '../server/extract';
import { extractFlyte } from '../server/extract/flyte';
import { extractFromTree, walkedLightly } from '../server/extract/python';
import { isFlyte2, type Flyte2Decl, type FlyteEnvInfo, type FlyteImageInfo, type ImageDecl } from '../server/model/decl';
import { runs, SEED } from './property/gen';
import { applyEditsExpectingFresh, arbEdit, EditedDoc, FILE, IN_STRING, type Extraction } from './helpers/editedDoc';

/**
 * Declarations as comparable data. A declaration met again inside another
 * (an extension's base, an environment's image) becomes a reference to its
 * position and to whether it is the very object the list holds: reuse must
 * keep those links to the objects of this extraction, not to stale copies.
 */
function snapshot(decls: ImageDecl[]): string {
  const listed = new Set<object>(decls);
  const path = new Set<object>();
  const canon = (v: unknown, top: boolean): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (!top && isDeclLike(v)) {
      const d = v as ImageDecl;
      return `decl@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}${listed.has(d) ? '' : ' (not listed)'}`;
    }
    if (path.has(v)) return '<cycle>';
    path.add(v);
    const o = v as Record<string, unknown>;
    const out = Array.isArray(v) ? v.map((x) => canon(x, false)) : Object.fromEntries(Object.keys(o).map((k) => [k, canon(o[k], false)]));
    path.delete(v);
    return out;
  };
  return JSON.stringify(decls.map((d) => canon(d, true)), null, 1);
}

const isDeclLike = (o: object): boolean => typeof (o as ImageDecl).statementLine === 'number' && Array.isArray((o as ImageDecl).fields);

/**
 * Both extractors, as the server runs them. A tree with syntax errors is
 * extracted afresh, but tree-sitter's error recovery may differ between an
 * incremental re-parse and a parse from scratch: that tree is compared with
 * a fresh extraction of the same tree.
 */
const BOTH: Extraction = {
  extract: (text, file, tree) => extractDecls(text, file, tree),
  fresh(text, tree) {
    if (!tree || !tree.rootNode.hasError) return extractDecls(text, FILE).decls;
    const fresh = [...(text.includes('ImageSpec') ? extractFromTree(tree, FILE, text) : []), ...extractFlyte(tree, FILE, text)];
    return fresh.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  },
  snapshot,
};

class Editor extends EditedDoc {
  constructor(text: string) {
    super(text, BOTH);
  }
}

const flyte = (ds: ImageDecl[]): Flyte2Decl[] => ds.filter(isFlyte2);
const image = (ds: ImageDecl[], variable: string) => flyte(ds).find((d) => d.flyte.role === 'image' && d.flyte.variable === variable) as Flyte2Decl & { flyte: FlyteImageInfo };
const envNamed = (ds: ImageDecl[], name: string) =>
  flyte(ds).find((d) => {
    const v = d.fields.find((f) => f.name === 'name')?.value;
    return d.flyte.role === 'environment' && v?.kind === 'str' && v.value === name;
  }) as Flyte2Decl & { flyte: FlyteEnvInfo };
const envImage = (env: Flyte2Decl & { flyte: FlyteEnvInfo }) => {
  const v = env.flyte.image?.value;
  return v?.kind === 'spec' ? v.decl : undefined;
};

const MODULE = [
  'import flyte',
  'REG = "us-east1-docker.pkg.dev/acme/images"',
  '',
  'base = flyte.Image.from_debian_base(registry=REG, name="base").with_apt_packages("git")',
  'gpu = base.with_pip_packages("torch")',
  'other = flyte.Image.from_debian_base(name="other")',
  '',
  'env = flyte.TaskEnvironment(name="env", image=gpu)',
  'env2 = flyte.TaskEnvironment(name="env2", image=other)',
  '',
  '@env.task',
  'async def step(x: int) -> int:',
  '    return x',
  '',
].join('\n');

describe('Flyte 2 incremental extraction', () => {
  it('keeps the declarations of untouched statements, rebuilds an edited image and every statement holding it', () => {
    const e = new Editor(MODULE);
    e.edit(0, 0, ''); // the first edit after open builds the memo
    const before = { base: image(e.decls, 'base'), gpu: image(e.decls, 'gpu'), other: image(e.decls, 'other'), env: envNamed(e.decls, 'env'), env2: envNamed(e.decls, 'env2') };
    e.replace('name="other"', 'name="otherx"');
    expect(image(e.decls, 'base')).toBe(before.base);
    expect(image(e.decls, 'gpu')).toBe(before.gpu);
    expect(envNamed(e.decls, 'env')).toBe(before.env);
    expect(image(e.decls, 'other')).not.toBe(before.other);
    // env2 holds `other`: rebuilt, and holds the new declaration.
    expect(envNamed(e.decls, 'env2')).not.toBe(before.env2);
    expect(envImage(envNamed(e.decls, 'env2'))).toBe(image(e.decls, 'other'));
    e.expectFresh();
    expect(walkedLightly(e.doc.tree!)).toBe(true);

    // The base edited: the extension and the environment on it are rebuilt, and hold the new objects.
    e.replace('"git"', '"curl"');
    const gpu = image(e.decls, 'gpu');
    expect(gpu.flyte.base).toBe(image(e.decls, 'base'));
    expect(gpu.flyte.calls[1]).toBe(image(e.decls, 'base').flyte.calls[1]);
    expect(gpu.flyte.calls.map((c) => c.method)).toEqual(['from_debian_base', 'with_apt_packages', 'with_pip_packages']);
    expect(envImage(envNamed(e.decls, 'env'))).toBe(gpu);
    e.expectFresh();
  });

  it('moves reused declarations with the text and keeps their links to the statements they hold', () => {
    const e = new Editor(MODULE);
    e.edit(0, 0, '');
    // Lines between `base` and its users: the users move, `base` does not.
    e.replace('\ngpu = ', '\n# one\n# two\ngpu = ');
    e.expectFresh('lines inserted between a base and its extension');
    const gpu = image(e.decls, 'gpu');
    expect(gpu.range.start.line).toBe(6);
    expect(gpu.flyte.base).toBe(image(e.decls, 'base'));
    expect(envImage(envNamed(e.decls, 'env'))).toBe(gpu);
    // Lines above everything: the constant moves, so do the values read from it.
    e.edit(0, 0, '\n\n');
    e.expectFresh('lines inserted at the top');
    e.replace('\n\n', '');
    e.expectFresh('and removed');
  });

  it('follows a name that becomes an image, stops being one or is assigned twice', () => {
    const e = new Editor('import flyte\nbase = make()\ngpu = base.with_pip_packages("torch")\n');
    e.edit(0, 0, '');
    expect(image(e.decls, 'gpu').flyte.complete).toBe(false);
    e.replace('make()', 'flyte.Image.from_debian_base(name="b")');
    expect(image(e.decls, 'gpu').flyte.complete).toBe(true);
    e.expectFresh('a name that became an image');
    e.edit(e.text.length, e.text.length, 'base = 1\n');
    expect(image(e.decls, 'gpu').flyte.complete).toBe(false);
    e.expectFresh('assigned twice');
    e.replace('base = 1\n', '');
    e.replace('flyte.Image.from_debian_base(name="b")', 'make()');
    expect(image(e.decls, 'gpu').flyte.complete).toBe(false);
    e.expectFresh('back to a call');
  });

  it('follows what flyte and its names mean at module level', () => {
    const e = new Editor('import flyte as fl\nimg = fl.Image.from_debian_base(name="a")\nenv = fl.TaskEnvironment(name="e", image=img)\n');
    e.edit(0, 0, '');
    expect(flyte(e.decls)).toHaveLength(2);
    e.replace('import flyte as fl', 'import flyte\nimport other as fl');
    expect(flyte(e.decls)).toHaveLength(0);
    e.expectFresh();
    e.replace('import flyte\nimport other as fl', 'import flyte as fl');
    expect(flyte(e.decls)).toHaveLength(2);
    e.expectFresh();
  });

  it('carries the statements outside an edit over, and catches syntax that changed beyond the edited text', () => {
    const src = ['import flyte', 'a = flyte.Image.from_debian_base(name="a")', 'b = flyte.Image.from_debian_base(name="b")', '# """', 'c = flyte.Image.from_debian_base(name="c")', ''].join('\n');
    const e = new Editor(src);
    e.edit(0, 0, '');
    // A string opened here ends in the comment two lines below: `a` and `b` are inside it now.
    e.replace('a = flyte', 's = """\na = flyte');
    expect(flyte(e.decls).map((d) => (d.flyte as FlyteImageInfo).variable)).toEqual(['c']);
    expect(image(e.decls, 'c').range.start.line).toBe(5);
    e.expectFresh('a string over two statements');
    e.replace('s = """\n', '');
    expect(flyte(e.decls).map((d) => (d.flyte as FlyteImageInfo).variable)).toEqual(['a', 'b', 'c']);
    e.expectFresh('and back');
    // Typing into a name many times: each keystroke rebuilds that statement alone.
    e.edit(0, 0, '');
    const b = image(e.decls, 'b');
    const c = image(e.decls, 'c');
    for (const ch of 'xyz') {
      e.replace('name="a', `name="a${ch}`);
      expect(image(e.decls, 'b')).toBe(b);
      expect(image(e.decls, 'c')).toBe(c);
    }
    e.expectFresh('typing');
  });

  it('extracts in full while the text has a syntax error, and reuses again once it is fixed', () => {
    const e = new Editor(MODULE);
    e.edit(0, 0, '');
    const other = image(e.decls, 'other');
    e.replace('name="base")', 'name="base",, )');
    e.expectFresh('with a syntax error');
    expect(walkedLightly(e.doc.tree!)).toBe(false);
    e.replace('name="base",, )', 'name="base")');
    e.expectFresh('fixed');
    expect(image(e.decls, 'other')).toBe(other);
  });
});

// ------------------------------------------------------------- property

const HEADERS = [
  'import flyte\n',
  'import flyte as fl\nfrom flyte import Image\n',
  'from flyte import Image, TaskEnvironment\nfrom pathlib import Path\n',
  'import flyte\nimport os\nfrom pathlib import Path\n',
  'import flyte\nfrom flytekit import ImageSpec\n',
];

const IMAGE_NAMES = ['base', 'gpu', 'img', 'app_image'];
const CTORS = [
  'flyte.Image.from_debian_base(name="svc", registry=REG)',
  'flyte.Image.from_debian_base(python_version=(3, 12), name=NAME)',
  'Image.from_base("python:3.12")',
  'fl.Image.from_debian_base(name="a")',
  '(flyte.Image.from_debian_base(name="p"))',
  'flyte.Image.from_uv_script("main.py", name="uv")',
  'make_image()',
];
const LAYERS = [
  '',
  '.with_pip_packages("pandas", "numpy")',
  '.with_apt_packages("git")',
  '.with_env_vars({"A": "1"})',
  '.clone(name="c", extendable=True).with_pip_packages(PKG)',
  '.with_source_file(Path(__file__).parent / "x.txt")',
  '.with_pip_packages(["a", "b"])',
  '.with_secret(flyte.Secret(key="k"))',
];

const arbStatement: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom(...IMAGE_NAMES), fc.constantFrom(...CTORS), fc.constantFrom(...LAYERS)).map(([n, c, l]) => `${n} = ${c}${l}\n`),
  fc.tuple(fc.constantFrom(...IMAGE_NAMES), fc.constantFrom(...IMAGE_NAMES), fc.constantFrom(...LAYERS.filter(Boolean))).map(([n, b, l]) => `${n} = ${b}${l}\n`),
  fc.tuple(fc.constantFrom(...IMAGE_NAMES), fc.constantFrom('TaskEnvironment', 'flyte.TaskEnvironment', 'fl.AppEnvironment')).map(([b, c]) => `env = ${c}(name="e", image=${b})\n`),
  fc.constantFrom(
    'REG = "ghcr.io/acme"\n',
    'NAME = "etl"\n',
    'PKG = "torch"\n',
    'env2 = flyte.TaskEnvironment(name="inline", image=flyte.Image.from_debian_base(name="i").with_apt_packages("vim"))\n',
    'env3 = flyte.TaskEnvironment(name="ref", image="ghcr.io/acme/x:1")\n',
    'def f(base):\n    return base.with_pip_packages("x")\n',
    'def g():\n    gpu = flyte.Image.from_debian_base(name="local")\n    return gpu.with_apt_packages("a")\n',
    '@env.task\nasync def step(x: int) -> int:\n    return x\n',
    'x = 1; y = base.with_pip_packages("semi")\n',
    'imgs = [base.with_env_vars({"B": "2"}), gpu]\n',
    'cached = env.clone_with("cached", cache="auto")\n',
    'other = cached.clone_with(name="other", image=img)\n',
  ),
);

const arbFlyteModule: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...HEADERS), fc.array(arbStatement, { minLength: 2, maxLength: 8 }))
  .map(([h, ss]) => h + '\n' + ss.join(''));

const SNIPPETS = [
  'x',
  '"',
  '(',
  ')',
  '\n',
  ' ',
  '    ',
  '#',
  ',',
  '.',
  'REG = "ghcr.io/Acme"\n',
  'base = flyte.Image.from_debian_base(name="b2")\n',
  'gpu = base.with_pip_packages("t")\n',
  'img = gpu.with_apt_packages("a")\n',
  'base = 1\n',
  'env = flyte.TaskEnvironment(name="n", image=img)\n',
  'import flyte as fl\n',
  'from flyte import Image\n',
  'class Image:\n    pass\n',
  'from other import Image\n',
  'def f():\n    global base\n',
  'ImageSpec\n',
  'env = cached.clone_with("x")\n',
  IN_STRING,
  IN_STRING,
  IN_STRING,
];

const edits = fc.array(arbEdit(SNIPPETS, 8), { minLength: 1, maxLength: 12 });

describe('Flyte 2 incremental extraction (property)', () => {
  it('after every edit of a generated Flyte 2 module, equals a fresh extraction', () => {
    fc.assert(
      fc.property(arbFlyteModule, edits, (text, eds) => applyEditsExpectingFresh(new Editor(text), eds)),
      { seed: SEED + 13, numRuns: runs(300) },
    );
  });
});
