// Extraction checked against an independent oracle: 240 generated Python
// files (bench/corpus.ts, seeded) holding ImageSpec declarations in every
// form RULES.md lists plus decoys, read by our real extractor and by
// Python's own `ast` module (test/oracle/ast_calls.py). For each file the
// declarations must be equal: call position (ast's UTF-8 byte columns are
// converted to UTF-16 by the oracle), keyword names in order, positional
// count, opacity (*args / **kwargs) and chained method names.
//
// "scoping forms" are hand-written files for forms the generator does not
// produce (imports inside functions, non-ASCII aliases, class-body and match
// rebindings, default arguments, ...), checked against the same oracle.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus, generateWorkflowCorpus, writeCorpus, type CorpusFile } from '../bench/corpus';
import { extractDecls } from '../server/extract/index';
import { decode } from '../server/workspace/read';
import type { ImageDecl } from '../server/model/decl';
import { tmpDir } from './helpers/tmp';

const ORACLE = path.join(__dirname, 'oracle', 'ast_calls.py');
const COUNT = 240;

/** [line, col(UTF-16), keywords, positional count, opaque, chain] */
type Row = [number, number, string[], number, boolean, string[]];

const corpus = generateCorpus(COUNT);
/** The bench's realistic workflow modules: checked too, so the bench lints what it claims to. */
const workflows = generateWorkflowCorpus(40);

const FORMS: [string, string][] = [
  ['an ImageSpec imported inside the function that uses it', 'def build():\n    from flytekit import ImageSpec\n    return ImageSpec(name="lazy")\n'],
  ['a flytekit module imported inside the function that uses it', 'def build():\n    import flytekit as fl\n    return fl.ImageSpec(name="lazy")\n'],
  ['a non-ASCII alias', 'from flytekit import ImageSpec as Spéc\nimg = Spéc(name="x")\n'],
  ['a chain on a parenthesized constructor', 'from flytekit import ImageSpec\nimg = (ImageSpec(name="x")).with_packages(["numpy"])\n'],
  ['another module imported under the name flytekit', 'import mylib as flytekit\nimg = flytekit.ImageSpec(name="x")\n'],
  ['ImageSpec rebound in a class body', 'from flytekit import ImageSpec\nclass Images:\n    ImageSpec = dict\n    img = ImageSpec(name="x")\n'],
  ['a default argument of a function whose body rebinds ImageSpec (defaults run in the enclosing scope)', 'from flytekit import ImageSpec\ndef build(img=ImageSpec(name="x")):\n    ImageSpec = dict\n    return img\n'],
  ['a match capture pattern rebinding ImageSpec locally', 'from flytekit import ImageSpec\ndef build(m):\n    match m:\n        case ImageSpec:\n            pass\n    return ImageSpec(name="x")\n'],
  ['an alias imported inside a function, used there and (not bound) at module level', 'def build():\n    from union import ImageSpec as U\n    return U(name="a")\nb = U(name="b")\n'],
  ['a local import of something else as ImageSpec shadows the module one', 'from flytekit import ImageSpec\ndef build():\n    from mylib import Thing as ImageSpec\n    return ImageSpec(name="x")\nc = ImageSpec(name="y")\n'],
  ['global and nonlocal declarations', 'from flytekit import ImageSpec\ndef a():\n    global ImageSpec\n    ImageSpec = dict\n    return ImageSpec(name="g")\ndef b():\n    ImageSpec = dict\n    def c():\n        nonlocal ImageSpec\n        return ImageSpec(name="n")\n    return c\n'],
  ['class body names are not visible in methods', 'from flytekit import ImageSpec\nclass C:\n    ImageSpec = dict\n    def m(self):\n        return ImageSpec(name="m")\n'],
  ['a comprehension\'s first iterable runs in the enclosing scope', 'from flytekit import ImageSpec\nxs = [ImageSpec for ImageSpec in [ImageSpec(name="it")]]\nys = [y for y in ImageSpec(name="first") for ImageSpec in z]\n'],
  ['match captures in class, keyword, splat and as patterns', 'from flytekit import ImageSpec as S\nimport flytekit as fl\ndef f(m):\n    match m:\n        case P(k=S):\n            return S(name="a")\ndef g(m):\n    match m:\n        case [*fl]:\n            return fl.ImageSpec()\ndef h(m):\n    match m:\n        case {"k": 1} as S:\n            return S()\ndef i(m):\n    match m:\n        case S():\n            return S(name="class pattern, not a capture")\n'],
  ['a parenthesized chain on a chain', 'import union\nimg = ((union.ImageSpec(name="x")).with_packages(["a"])).force_push()\n'],
  ['walrus inside a comprehension binds in the function', 'from flytekit import ImageSpec\ndef f(xs):\n    ys = [(ImageSpec := x) for x in xs]\n    return ImageSpec(name="w")\n'],
  ['except and with targets, del, for', 'import flytekit as fl\ndef f():\n    try:\n        pass\n    except E as fl:\n        pass\n    return fl.ImageSpec()\ndef g():\n    with x as (a, fl):\n        return fl.ImageSpec()\ndef h():\n    del fl\n    return fl.ImageSpec()\ndef i():\n    import flytekit.image_spec\n    return flytekit.ImageSpec(name="local module import")\n'],
  ['decorator and class bases run in the enclosing scope', 'from flytekit import ImageSpec\ndef f():\n    ImageSpec = dict\n    @task(container_image=ImageSpec(name="local"))\n    def t(): pass\n@task(container_image=ImageSpec(name="module"))\ndef u(ImageSpec=ImageSpec(name="default")): return ImageSpec()\nclass K(Base, meta=ImageSpec(name="kw")):\n    pass\n'],
  ['lambda defaults and bodies', 'from flytekit import ImageSpec\nf = lambda a=ImageSpec(name="d"): ImageSpec(name="body")\ng = lambda ImageSpec=ImageSpec(name="d2"): ImageSpec(name="param")\n'],
];
const formFiles: CorpusFile[] = FORMS.map(([, src], i) => ({ name: `form_${i}.py`, bytes: Buffer.from(src) }));

let dir: string;
let oracle: Record<string, { decls?: Row[]; error?: string }>;

beforeAll(() => {
  dir = tmpDir('isl-oracle-');
  writeCorpus(path.join(dir, 'corpus'), corpus);
  writeCorpus(path.join(dir, 'forms'), formFiles);
  writeCorpus(path.join(dir, 'workflows'), workflows);
  const out = execFileSync('python3', [ORACLE, path.join(dir, 'corpus'), path.join(dir, 'forms'), path.join(dir, 'workflows')], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  oracle = JSON.parse(out);
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function textOf(bytes: Buffer): string {
  const d = decode(bytes);
  if ('error' in d) throw new Error(d.error);
  return d.text;
}

function row(d: ImageDecl): Row {
  return [
    d.range.start.line,
    d.range.start.character,
    d.fields.filter((f) => !f.positional).map((f) => f.name),
    d.fields.filter((f) => f.positional).length,
    d.opaque,
    d.chain.map((c) => c.method),
  ];
}

/** One readable line per declaration, with the source it points at. */
function show(rows: Row[], text: string): string[] {
  const lines = text.split('\n');
  return rows.map(([l, c, kw, npos, opaque, chain]) => {
    const src = (lines[l] ?? '').replace(/\r$/, '');
    const at = src.slice(c, c + 40).replace(/\t/g, '\\t');
    return `${l + 1}:${c + 1} kw=[${kw.join(',')}]${npos ? ` pos=${npos}` : ''}${opaque ? ' opaque' : ''}${chain.length ? ` chain=[${chain.join(',')}]` : ''}  | ${at}`;
  });
}

function compare(sub: string, f: CorpusFile): void {
  const file = path.join(dir, sub, f.name);
  const expected = oracle[file];
  expect(expected, `oracle output for ${f.name}`).toBeDefined();
  expect(expected.error, `python could not parse ${f.name}`).toBeUndefined();
  const text = textOf(f.bytes);
  const ours = extractDecls(text, file).decls.map(row);
  expect(show(ours, text), `${f.name}: ours (received) vs python ast (expected)`).toEqual(show(expected.decls!, text));
}

describe('extraction equals python ast on the generated corpus', () => {
  it.each(corpus.map((f) => [f.name, f] as const))('%s', (_name, f) => compare('corpus', f));

  it('the corpus covers every declaration form and decoy', () => {
    const callees = new Set<string>();
    let decls = 0;
    let chains = 0;
    let opaque = 0;
    let keywordless = 0;
    let nonAsciiBefore = 0;
    for (const f of corpus) {
      const text = textOf(f.bytes);
      const lines = text.split('\n');
      for (const [l, c, kw, npos, op, chain] of oracle[path.join(dir, 'corpus', f.name)].decls!) {
        decls++;
        callees.add(/^[\w.]+/u.exec(lines[l].slice(c))![0]);
        if (chain.length) chains++;
        if (op) opaque++;
        if (!kw.length && !npos && !op) keywordless++;
        // eslint-disable-next-line no-control-regex -- every non-ASCII character, from NUL up
        if (/[^\x00-\x7f]/.test(lines[l].slice(0, c))) nonAsciiBefore++;
      }
    }
    expect(decls).toBeGreaterThan(2000);
    for (const c of ['ImageSpec', 'Spec', 'UImage', 'Img', 'TSpec', 'fl.ImageSpec', 'flytekit.ImageSpec', 'union.ImageSpec', 'un.ImageSpec', 'unionai.ImageSpec', 'flytekit.image_spec.ImageSpec', 'fis.ImageSpec', 'isp.ImageSpec']) {
      expect(callees, c).toContain(c);
    }
    for (const decoy of ['other.ImageSpec', 'obj.ImageSpec', 'ImageSpecs', 'MyImageSpec', 'self.ImageSpec']) expect(callees, decoy).not.toContain(decoy);
    expect(chains).toBeGreaterThan(100);
    expect(opaque).toBeGreaterThan(50);
    expect(keywordless).toBeGreaterThan(50);
    expect(nonAsciiBefore).toBeGreaterThan(20);
    const names = corpus.map((f) => f.name).join(' ');
    for (const flag of ['crlf', 'tabs', 'bom', 'latin1', 'uni']) expect(names).toContain(flag);
    // Decoys are present in the sources (and, above, absent from the results).
    const all = corpus.map((f) => textOf(f.bytes)).join('\n');
    for (const s of ['other.ImageSpec(', '# ImageSpec(', 'class ImageSpec:', 'import Builder as ImageSpec', 'lambda ImageSpec:', 'for ImageSpec in', 'def ImageSpec(', '"ImageSpec("', "fR'{x}'", '\\N{BULLET}', '\u2028']) {
      expect(all.includes(s), `corpus contains ${JSON.stringify(s)}`).toBe(true);
    }
  });

  it('the oracle itself reads a known snippet as python does', () => {
    const src = 'import flytekit as fl\nx = "é😀"; a = fl.ImageSpec("n", name="a", **kw).with_packages([]).force_push()\ndef f(ImageSpec):\n    return ImageSpec()\nb = ImageSpec(x for x in y)\n';
    const p = path.join(dir, 'known.py');
    fs.writeFileSync(p, src);
    const out = JSON.parse(execFileSync('python3', [ORACLE, p], { encoding: 'utf8' }));
    expect(out[p].decls).toEqual([
      [1, 15, ['name'], 1, true, ['with_packages', 'force_push']],
      [4, 4, [], 0, true, []],
    ]);
  });
});

describe('the bench workflow modules equal python ast', () => {
  it.each(workflows.map((f) => [f.name, f] as const))('%s', (_name, f) => compare('workflows', f));

  it('hold 1-3 declarations each', () => {
    for (const f of workflows) {
      const n = oracle[path.join(dir, 'workflows', f.name)].decls!.length;
      expect(n, f.name).toBeGreaterThanOrEqual(1);
      expect(n, f.name).toBeLessThanOrEqual(3);
    }
  });
});

describe('scoping and import forms equal python ast', () => {
  it.each(FORMS.map(([what], i) => [what, formFiles[i]] as const))('%s', (_what, f) => compare('forms', f));

  // Counted by hand from Python semantics; the oracle agrees.
  const EXPECTED_LATER_COUNTS = [1, 1, 1, 1, 2, 1, 1, 0, 1, 3, 3];
  it('the forms hold declarations and rejections (not vacuous)', () => {
    const counts = FORMS.map((_, i) => oracle[path.join(dir, 'forms', formFiles[i].name)].decls!.length);
    // The first eight are the former extractor bugs: declarations it missed
    // (1) and calls it wrongly counted (0: another module named flytekit, a
    // class-body rebinding, a match capture).
    expect(counts.slice(0, 8)).toEqual([1, 1, 1, 1, 0, 0, 1, 0]);
    expect(counts.slice(8)).toEqual(EXPECTED_LATER_COUNTS);
  });
});
