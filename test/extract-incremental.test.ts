// Incremental extraction (server/extract/incremental.ts): the language
// server re-extracts only the top-level statements a keystroke changed.
// Every test edits a document the way the server does (DocumentStore applies
// LSP changes and tree.edit; extractPython gets the edited tree; the kept
// tree is sometimes re-parsed as diagnostics.ts keepTree does) and compares
// with a fresh extraction of the same text: reuse may change the cost, never
// the answer.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractPython, parsePython, walkedLightly } from '../server/extract/python';
import type { ImageDecl } from '../server/model/decl';
import { arbModule, runs, SEED } from './property/gen';
import { applyEditsExpectingFresh, arbEdit, EditedDoc, FILE, IN_STRING, type Extraction } from './helpers/editedDoc';

/**
 * Declarations as comparable data: `parent` becomes the parent's position,
 * and an object met again on its own path (a spec reached through a constant
 * that names it, in a broken file) becomes a marker.
 */
function snapshot(decls: ImageDecl[]): string {
  const path = new Set<object>();
  const canon = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (path.has(v)) return '<cycle>';
    path.add(v);
    const o = v as Record<string, unknown>;
    const out = Array.isArray(v)
      ? v.map(canon)
      : Object.fromEntries(
          Object.keys(o).map((k) => {
            const p = o[k] as ImageDecl | undefined;
            return [k, k === 'parent' ? (p ? `parent@${p.range.start.line}:${p.range.start.character}` : p) : canon(o[k])];
          }),
        );
    path.delete(v);
    return out;
  };
  return JSON.stringify(canon(decls));
}

/** The ImageSpec extractor, compared with a fresh extraction of the same text. */
const IMAGESPEC: Extraction = {
  extract: (text, file, tree) => extractPython(text, file, tree),
  fresh: (text) => extractPython(text, FILE).decls,
  snapshot,
};

class Editor extends EditedDoc {
  constructor(text: string) {
    super(text, IMAGESPEC);
  }
}

const str = (d: ImageDecl, name: string): unknown => {
  const v = d.fields.find((f) => f.name === name)?.value;
  return v?.kind === 'str' ? v.value : v?.kind;
};

const SPECS = [
  'from flytekit import ImageSpec',
  'REG = "ghcr.io/acme"',
  '',
  'a = ImageSpec(name="a", registry=REG)',
  'b = ImageSpec(name="b", registry="ghcr.io/b")',
  'c = ImageSpec(name="c", packages=["x"])',
  '',
].join('\n');

describe('incremental extraction', () => {
  it('keeps the declaration objects of statements an edit did not touch, and rebuilds the edited one', () => {
    const e = new Editor(SPECS);
    e.edit(0, 0, ''); // the first edit after open builds the memo
    const [a, b, c] = e.decls;
    e.replace('"b"', '"bb"');
    expect(e.decls[0]).toBe(a);
    expect(e.decls[2]).toBe(c);
    expect(e.decls[1]).not.toBe(b);
    expect(str(e.decls[1], 'name')).toBe('bb');
    e.expectFresh();
  });

  it('moves reused declarations with the text: lines inserted above, a statement started further right', () => {
    const e = new Editor(SPECS);
    e.edit(0, 0, '');
    e.replace('\na = ', '\n# one\n# two\na = ');
    e.expectFresh('lines inserted above');
    expect(e.decls.map((d) => [d.range.start.line, d.statementLine])).toEqual([
      [5, 5],
      [6, 6],
      [7, 7],
    ]);
    // The constant's literal did not move: the value read from it keeps its range.
    const reg = e.decls[0].fields.find((f) => f.name === 'registry')!.value;
    expect(reg.kind === 'str' && reg.origin?.literalRange).toEqual({ start: { line: 1, character: 6 }, end: { line: 1, character: 20 } });
    e.replace('\nc = ', '\nx = 1; c = ');
    e.expectFresh('statement on a line after another');
    e.replace('x = 1; ', '');
    e.expectFresh('and back');
  });

  it('re-reads a module constant a reused statement depends on', () => {
    const e = new Editor(SPECS);
    e.edit(0, 0, '');
    e.replace('"ghcr.io/acme"', '"ghcr.io/other"');
    expect(str(e.decls[0], 'registry')).toBe('ghcr.io/other');
    e.expectFresh();
    // Assigned twice: no longer a constant.
    e.edit(e.text.length, e.text.length, 'REG = "x"\n');
    expect(str(e.decls[0], 'registry')).toBe('unknown');
    e.expectFresh();
    // `global REG` in a function elsewhere makes it ambiguous too.
    e.replace('REG = "x"\n', 'def f():\n    global REG\n');
    expect(str(e.decls[0], 'registry')).toBe('unknown');
    e.expectFresh();
    e.replace('def f():\n    global REG\n', '');
    expect(str(e.decls[0], 'registry')).toBe('ghcr.io/other');
    e.expectFresh();
    // Lines above the constant move its literal: the value's ranges move too.
    e.edit(0, 0, '\n\n');
    e.expectFresh();
  });

  it('re-reads an env default through an import that changes', () => {
    const e = new Editor('import os\nfrom flytekit import ImageSpec\n\na = ImageSpec(registry=os.getenv("R", "ghcr.io/a"))\nb = ImageSpec(name="b")\n');
    e.edit(0, 0, '');
    expect(str(e.decls[0], 'registry')).toBe('ghcr.io/a');
    e.replace('import os\n', 'import notos as os\n');
    expect(str(e.decls[0], 'registry')).toBe('unknown');
    e.expectFresh();
  });

  it('follows what ImageSpec and its aliases mean at module level', () => {
    const e = new Editor('from flytekit import ImageSpec as IS\n\na = IS(name="a")\nb = IS(name="b")\n');
    e.edit(0, 0, '');
    expect(e.decls).toHaveLength(2);
    e.replace('from flytekit import ImageSpec as IS', 'from mylib import Thing as IS');
    expect(e.decls).toHaveLength(0);
    e.expectFresh();
    e.replace('mylib import Thing', 'flytekit import ImageSpec');
    expect(e.decls).toHaveLength(2);
    e.edit(e.text.length, e.text.length, 'class IS:\n    pass\n');
    e.expectFresh('a class that shadows the alias');
    const e2 = new Editor('from flytekit import ImageSpec\n\na = ImageSpec(name="a")\nb = ImageSpec(name="b")\n');
    e2.edit(0, 0, '');
    e2.edit(e2.text.length, e2.text.length, 'def ImageSpec(**kw):\n    return kw\n');
    expect(e2.decls).toHaveLength(0);
    e2.expectFresh();
  });

  it('rebuilds statements that share a declaration through a constant (base_image=base), and starts over when a new one appears', () => {
    const src = [
      'from flytekit import ImageSpec',
      'base = ImageSpec(name="base", packages=["x"])',
      'child = ImageSpec(name="child", base_image=base)',
      'other = ImageSpec(name="other")',
      '',
    ].join('\n');
    const e = new Editor(src);
    e.edit(0, 0, '');
    e.replace('"x"', '"y"');
    e.expectFresh('the base edited');
    const child = e.decls.find((d) => str(d, 'name') === 'child')!;
    const base = e.decls.find((d) => str(d, 'name') === 'base')!;
    const nested = child.fields.find((f) => f.name === 'base_image')!.value;
    expect(nested.kind === 'spec' && nested.decl).toBe(base);
    expect(base.parent).toBe(child);
    // `other` was reused; a new reference to it from a rebuilt statement.
    const other = e.decls.find((d) => str(d, 'name') === 'other')!;
    e.edit(0, 0, '');
    expect(e.decls.find((d) => str(d, 'name') === 'other')).toBe(other);
    e.replace('base_image=base', 'base_image=other');
    e.expectFresh('a new reference to a reused statement');
    const other2 = e.decls.find((d) => str(d, 'name') === 'other')!;
    expect(other2.parent).toBe(e.decls.find((d) => str(d, 'name') === 'child'));
    e.replace('"child"', '"child2"');
    e.expectFresh();
  });

  it('extracts in full while the text has a syntax error, and reuses again once it is fixed', () => {
    const e = new Editor(SPECS);
    e.edit(0, 0, '');
    const c = e.decls[2];
    e.replace('name="b", ', 'name="b", tag=');
    e.expectFresh('with a syntax error');
    e.replace('tag=', '');
    e.expectFresh('fixed');
    expect(e.decls[2]).toBe(c);
  });

  it('two identical statements get declarations of their own', () => {
    const e = new Editor('from flytekit import ImageSpec\nImageSpec(name="x")\nImageSpec(name="x")\n');
    e.edit(0, 0, '');
    e.edit(0, 0, '\n');
    e.expectFresh();
    expect(e.decls[0]).not.toBe(e.decls[1]);
    e.replace('ImageSpec(name="x")\n', '');
    e.expectFresh();
  });

  it('says which trees were walked lightly (the server re-parses the others before the next edit)', () => {
    const e = new Editor(SPECS);
    expect(walkedLightly(e.doc.tree!)).toBe(false); // opened: a full walk
    e.edit(0, 0, '');
    expect(walkedLightly(e.doc.tree!)).toBe(false); // builds the memo
    e.replace('"b"', '"bb"');
    expect(walkedLightly(e.doc.tree!)).toBe(true);
    e.replace('name="bb", ', 'name="bb", tag=');
    expect(walkedLightly(e.doc.tree!)).toBe(false); // a syntax error: extracted in full
    e.replace('tag=', '');
    expect(walkedLightly(e.doc.tree!)).toBe(true);
    // The re-parse of a light tree is a new, unwalked tree that keeps the memo.
    const again = parsePython(e.text, e.doc.tree);
    expect(walkedLightly(again)).toBe(false);
    e.doc.tree = again;
    e.replace('"a"', '"aa"');
    expect(walkedLightly(e.doc.tree!)).toBe(true);
    e.expectFresh();
  });

  it('nested specs and builder chains move with their statement', () => {
    const e = new Editor(
      'from flytekit import ImageSpec\n\nimg = ImageSpec(name="o", base_image=ImageSpec(name="i")).with_packages(["p"])\n\ndef f():\n    x = "local"\n    return ImageSpec(name=x)\n',
    );
    e.edit(0, 0, '');
    e.edit(0, 0, '# header\n');
    e.expectFresh();
    const inner = e.decls.find((d) => str(d, 'name') === 'i')!;
    expect(inner.parent).toBe(e.decls.find((d) => str(d, 'name') === 'o'));
    e.replace('\nimg', '\n  \nimg');
    e.expectFresh();
  });
});

// Edits that matter to reuse: statements and bindings appearing and going,
// constants, aliases, references between specs, brackets that break the parse.
const SNIPPETS = [
  'x',
  '"',
  '(',
  ')',
  '\n',
  '\n\n',
  ' ',
  '    ',
  '#',
  ',',
  '=',
  'REG = "ghcr.io/Acme"\n',
  'REG = "us-east1-docker.pkg.dev/p/r"\n',
  'name = "etl"\n',
  'base = ImageSpec(name="base")\n',
  'ImageSpec(name="n", base_image=base)\n',
  'img = ImageSpec(registry=REG, name=name)\n',
  'from flytekit import ImageSpec as IS\n',
  'IS(name="alias")\n',
  'def ImageSpec():\n    pass\n',
  'def f():\n    global REG\n    REG = 1\n',
  'import os\n',
  'ImageSpec(registry=os.getenv("R", "ghcr.io/x"))\n',
  'x = 1; y = ImageSpec(name="semi")\n',
  // Typing inside the next keyword argument's string: the file stays valid.
  IN_STRING,
  IN_STRING,
  IN_STRING,
];

const edits = fc.array(arbEdit(SNIPPETS, 6), { minLength: 1, maxLength: 12 });

describe('incremental extraction (property)', () => {
  it('after every edit of a generated module, equals a fresh extraction', () => {
    fc.assert(
      fc.property(arbModule, edits, (text, eds) => applyEditsExpectingFresh(new Editor(text), eds)),
      { seed: SEED + 7, numRuns: runs(200) },
    );
  });
});
