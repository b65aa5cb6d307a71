// The CLI parses skeletons (server/extract/skeleton.ts): top-level bodies no
// declaration can depend on are blanked before tree-sitter sees the text.
// What the user sees must not change: over every fixture, the stress corpus
// and the bench's generated workflow modules, extraction (declarations with
// their ranges and values) and the findings of every rule (messages,
// ranges, fixes and their safety) are the same with the skeleton as with the
// full parse. Then the lexer's own cases: offsets kept, what keeps a body,
// f-strings, and what it refuses (the caller then parses the full text).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus, generateWorkflowCorpus } from '../bench/corpus';
import { extractDecls } from '../server/extract/index';
import { skeletonOf } from '../server/extract/skeleton';
import { parsePython } from '../server/extract/pyParser';
import type { Tree } from 'tree-sitter';
import { createRun, lintText } from '../server/engine/lint';
import { defaultConfig } from '../server/engine/config';
import { CachedFs } from '../server/engine/fs';
import { decode } from '../server/workspace/read';
import { ruleSet } from '../rules';
import { projectRun } from './helpers/lint';

const ROOT = path.join(__dirname, '..');

function pyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...pyFiles(p));
    else if (/\.pyi?$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

const noParent = (k: string, v: unknown) => (k === 'parent' ? undefined : v);

/** Declarations and findings, full parse vs skeleton, as JSON (file: where the run's project is). */
function both(text: string, file: string): { full: string; skeleton: string } {
  const out = [undefined, { skeleton: true }].map((opts) => {
    const decls = extractDecls(text, file, undefined, undefined, opts).decls;
    const run = createRun({ config: defaultConfig(), projectRoot: path.dirname(file), fs: new CachedFs(), rules: ruleSet });
    const findings = lintText(text, file, run, undefined, opts).findings;
    return JSON.stringify({ decls, findings, errors: run.internalErrors }, noParent);
  });
  return { full: out[0], skeleton: out[1] };
}

function textOf(bytes: Buffer): string {
  const d = decode(bytes);
  if ('error' in d) throw new Error(d.error);
  return d.text;
}

describe('skeleton parse gives the full parse\'s declarations and findings', () => {
  it('over every fixture', () => {
    const files = [...pyFiles(path.join(ROOT, 'fixtures')), ...pyFiles(path.join(ROOT, 'examples'))];
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) {
      const r = both(textOf(fs.readFileSync(f)), f);
      expect(r.skeleton, f).toBe(r.full);
    }
  });

  it('over the stress corpus and the bench\'s workflow modules (and it blanks bodies there)', () => {
    const dir = path.join(ROOT, 'fixtures');
    let blanked = 0;
    const files = [...generateCorpus(120), ...generateWorkflowCorpus(200)];
    for (const f of files) {
      const text = textOf(f.bytes);
      if (skeletonOf(text.replace(/\r(?!\n)/g, '\n'))) blanked++;
      const r = both(text, path.join(dir, f.name));
      expect(r.skeleton, f.name).toBe(r.full);
    }
    expect(blanked).toBeGreaterThan(50);
  });

  it('a module constant a fix rewrites, used in a blanked body: the fix stays unsafe', () => {
    const body = Array.from({ length: 8 }, (_, i) => `    x${i} = compute(${i}) + len("padding padding")\n`).join('');
    const text = `from flytekit import ImageSpec\n\nREG = "GHCR.IO/Acme"\nspec = ImageSpec(name="x", registry=REG)\n\n\ndef push():\n${body}    requests.get(REG)\n`;
    const { file, run } = projectRun(text);
    const r = both(text, file);
    expect(r.skeleton).toBe(r.full);
    const fixes = lintText(text, file, run, undefined, { skeleton: true }).findings.flatMap((f) => f.fixes);
    expect(fixes.some((x) => x.title.includes('which other code also uses'))).toBe(true);
  });
});

describe('skeletonOf', () => {
  const body = (lines: string[]) => lines.map((l) => `    ${l}\n`).join('');
  const long = body(['a = compute(1)', 'b = [x for x in range(10)]', 'return a + sum(b)']);

  it('blanks a plain body: same length, same line breaks, a one-statement body', () => {
    const text = `import os\n\n@decorator(1)\ndef f(x: int,\n      y: str) -> dict:  # why\n${long}\nclass C(Base):\n${long}\nz = f(1)\r\n`;
    const s = skeletonOf(text)!;
    expect(s.text.length).toBe(text.length);
    expect(s.text.replace(/[^\r\n]/g, '')).toBe(text.replace(/[^\r\n]/g, ''));
    expect(s.blanked).toHaveLength(2);
    expect(s.text).toContain('      y: str) -> dict:  # why\n    0        ');
    expect(s.text).not.toContain('compute');
    expect(s.text.endsWith('z = f(1)\r\n')).toBe(true);
  });

  it('blanks bodies written with CRLF line breaks, and a last body without a line break', () => {
    const crlf = long.replace(/\n/g, '\r\n');
    const last = '    x = compute(1)\r\n    return [x for x in range(100)] + [y for y in range(10)]';
    const text = `def f():\r\n${crlf}\r\ndef g():\r\n${last}`;
    const s = skeletonOf(text)!;
    const f = text.indexOf('a = compute');
    const g = text.indexOf('x = compute');
    expect(s.blanked).toEqual([
      [f, text.indexOf('\r\n\r\ndef g')],
      [g, text.length],
    ]);
    const blank = (t: string) => '0' + t.slice(1).replace(/[^\r\n]/g, ' ');
    expect(s.text).toBe(`def f():\r\n    ${blank(crlf.slice(4, -2))}\r\n\r\ndef g():\r\n    ${blank(last.slice(4))}`);
  });

  it('the parser skips the blanked bodies: the tree is the whole skeleton\'s, positions included', () => {
    // Every node: type, field, offsets, rows and columns.
    const dump = (tree: Tree): string[] => {
      const c = tree.walk();
      const out: string[] = [];
      for (;;) {
        out.push(`${c.nodeType} ${c.currentFieldName} ${c.startIndex}-${c.endIndex} ${c.startPosition.row}:${c.startPosition.column}-${c.endPosition.row}:${c.endPosition.column}`);
        if (c.gotoFirstChild()) continue;
        while (!c.gotoNextSibling()) if (!c.gotoParent()) return out;
      }
    };
    const wide = body(['s = "déjà vu 日本語 🎉" * 3', 't = [c for c in s if c != "é"]', 'return s + "é" * 40 + "".join(t)']);
    const texts: [string, number][] = [
      [`import os\n\ndef f(x):\n${long}\nclass C:\n${wide}x = 1  # é\n`, 2],
      [`def f():\n${long}\n\ndef g():\n${wide}`.trimEnd(), 2], // a body ends the text
      [`def f():\r\n${long.replace(/\n/g, '\r\n')}y = "ü"\r\n`, 1],
    ];
    for (const [text, bodies] of texts) {
      const sk = skeletonOf(text)!;
      expect(sk.blanked).toHaveLength(bodies);
      expect(dump(parsePython(text, undefined, { skeleton: true }))).toEqual(dump(parsePython(sk.text)));
    }
  });

  it('keeps bodies that mention what extraction reads', () => {
    const keeps = [
      'spec = ImageSpec(name="x")',
      'img = base.with_pip_packages(["a"])',
      'env = flyte.TaskEnvironment(name="x")',
      'img = flyte.Image.from_debian_base()',
      'global REGISTRY',
      'if (n := len(x)) > 1: pass',
      'import flyte',
      'from flyte.io import File',
      'return Spec(name="x")',
    ];
    for (const k of keeps) {
      const text = `from flytekit import ImageSpec as Spec\n\ndef f():\n${long}${body([k])}`;
      expect(skeletonOf(text), k).toBeUndefined();
    }
    // Not these: a word that only contains `global`, `clone()` alone, flyte used but not imported there.
    for (const k of ['x = "noaa-global-hourly"', 'y = t.clone()', 'flyte.report.log("x")', 'import pandas as pd']) {
      const text = `def f():\n${long}${body([k])}`;
      expect(skeletonOf(text), k).toBeDefined();
    }
  });

  it('reads strings of every form: a `def` inside one starts nothing', () => {
    const strings = ['s = """\ndef g():\n    pass\n"""', "t = f'{x[\"a\"]:>{width}} {{literal}}'", 'u = rb"\\"def"', "v = f'''{\n  y\n}'''"];
    const text = `def f():\n${long}${body(strings.flatMap((s) => s.split('\n')))}`;
    const s = skeletonOf(text)!;
    expect(s.blanked).toHaveLength(1);
    expect(s.blanked[0][1]).toBe(text.length - 1);
  });

  it('refuses what it does not understand: the caller parses the full text', () => {
    expect(skeletonOf(`def f():\n\tx = 1\n${long}`)).toBeUndefined(); // a tab in indentation
    expect(skeletonOf(`def f():\n${long}    s = "unterminated\n`)).toBeUndefined();
    expect(skeletonOf(`def f():\n${long}    x = (1,\n`)).toBeUndefined(); // a bracket never closed
    expect(skeletonOf(`def f():\nx = 1\n${long}`)).toBeUndefined(); // a header without a body
  });
});
