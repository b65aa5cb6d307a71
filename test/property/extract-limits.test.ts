// Regression tests for what the property and edge-case suites found:
// inputs that crashed extraction with a stack overflow or took time
// quadratic in nesting depth or in the number of declarations.
//
//   - `((...( ImageSpec() )...))` 10,000 deep: node.parent is O(depth) in
//     tree-sitter, so climbing to the statement was quadratic (2,000 levels:
//     0.9 s; 10,000: ~20 s). Now one descent (values.ts ancestors()).
//   - `ImageSpec().with_packages([])` x 6,000: the same in readChain.
//   - `((((a)))) = 1` 10,000 deep: recursive target walk, stack overflow.
//   - `ImageSpec(base_image=ImageSpec(base_image=...))` 2,000 deep: unbounded
//     recursion through the nested-spec hook, stack overflow.
//   - 130,000 keyword arguments, `[*X]` / `{**X}` of 130,000 items, 130,000
//     unused suppressions: `push(...xs)` overflows the stack past ~125k items.
//   - `x = flytekit.ImageSpec()`: a segfault (node-tree-sitter's
//     childWithDescendant on a node from descendantForIndex); ancestors()
//     now descends with a cursor.
//   - 20,000 declarations: rules built a LineIndex of the whole file per
//     declaration (quadratic); the rule context now carries one per file.

import { describe, expect, it } from 'vitest';
import { extractPython } from '../../server/extract/python';
import { LineIndex } from '../../server/model/position';
import { lintText } from '../../server/engine/lint';
import type { OfflineRule } from '../../server/engine/types';
import { ruleSet } from '../../rules';
import { lintSource, projectRun } from '../helpers/lint';

const H = 'from flytekit import ImageSpec\n';

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

describe('extraction limits', () => {
  it('a spec called through a module attribute (ancestors of a descendantForIndex node: was a native segfault)', () => {
    // node-tree-sitter 0.25's childWithDescendant crashed the process here.
    for (const text of ['x = flytekit.ImageSpec()\n', 'import flytekit as fl\ndef f():\n    return fl.ImageSpec(name="a")\n', 'x = 1\n']) {
      const { decls } = extractPython(text, '/p/wf.py');
      expect(decls.length, text).toBe(text.includes('ImageSpec') ? 1 : 0);
    }
  });

  it('a call 10,000 brackets deep is found in linear time, with its statement line', () => {
    const text = H + '\nimage = ' + '('.repeat(10_000) + 'ImageSpec(name="etl")' + ')'.repeat(10_000) + '\n';
    const { value, ms } = timed(() => extractPython(text, '/p/wf.py'));
    expect(value.decls).toHaveLength(1);
    expect(value.decls[0].statementLine).toBe(2);
    expect(value.decls[0].fields.map((f) => [f.name, f.value.kind === 'str' && f.value.value])).toEqual([['name', 'etl']]);
    expect(ms).toBeLessThan(5000); // ~20 s before
  });

  it('a chain of 6,000 builder calls is read whole, in linear time', () => {
    const text = H + 'image = ImageSpec(name="etl")' + '.with_packages(["a"])'.repeat(6000) + '.force_push()\n';
    const { decls } = extractPython(text, '/p/wf.py');
    expect(decls).toHaveLength(1);
    const chain = decls[0].chain;
    expect(chain).toHaveLength(6001);
    expect(chain[5999].method).toBe('with_packages');
    expect(chain[6000].method).toBe('force_push');
  });

  it('assignment targets 10,000 parentheses deep do not overflow the stack', () => {
    const deep = '('.repeat(10_000) + 'a' + ')'.repeat(10_000);
    const top = extractPython(H + `${deep} = "x"\nImageSpec(name=a)\n`, '/p/wf.py');
    expect(top.decls[0].fields[0].value).toMatchObject({ kind: 'unknown', reason: 'a is assigned more than once' });
    const local = extractPython(H + `a = "x"\ndef f():\n    ${deep} = "y"\n    return ImageSpec(name=a)\n`, '/p/wf.py');
    expect(local.decls[0].fields[0].value).toMatchObject({ kind: 'unknown', reason: 'a is a local name' });
  });

  it('base_image specs nested 2,000 deep: the first 50 levels are read, deeper ones are unknown and not linted', () => {
    const text = H + 'image = ' + 'ImageSpec(name="n", base_image='.repeat(2000) + 'None' + ')'.repeat(2000) + '\n';
    const { decls } = extractPython(text, '/p/wf.py');
    expect(decls).toHaveLength(51);
    const outer = decls[0];
    expect(outer.parent).toBeUndefined();
    let d = outer;
    for (let i = 0; i < 50; i++) {
      const b = d.fields.find((f) => f.name === 'base_image')!.value;
      expect(b.kind).toBe('spec');
      if (b.kind !== 'spec') break;
      expect(b.decl.parent).toBe(d);
      d = b.decl;
    }
    expect(d.fields.find((f) => f.name === 'base_image')!.value).toMatchObject({ kind: 'unknown', reason: 'ImageSpec nested too deeply' });
  });

  // Past ~125,000 items `push(...xs)` overflows the stack; 130,000 of each.
  const N = 130_000;

  it('130,000 keyword arguments', () => {
    const kw = extractPython(H + 'ImageSpec(' + 'a=1,'.repeat(N) + 'b=2)\n', '/p/wf.py');
    expect(kw.decls[0].fields).toHaveLength(N + 1);
    expect(kw.decls[0].fields[N].name).toBe('b');
  });

  it('130,000 arguments of a builder call', () => {
    const chain = extractPython(H + 'ImageSpec().with_packages(' + '1,'.repeat(N) + ')\n', '/p/wf.py');
    expect(chain.decls[0].chain[0].args).toHaveLength(N);
  });

  it('a list constant of 130,000 items unpacked with *', () => {
    const list = extractPython(H + 'X = [' + '1,'.repeat(N) + ']\nImageSpec(packages=[*X, "b"])\n', '/p/wf.py');
    const pk = list.decls[0].fields[0].value;
    expect(pk.kind === 'list' && pk.items.length).toBe(N + 1);
  });

  it('a dict constant of 130,000 entries unpacked with **', () => {
    const dict = extractPython(H + 'X = {' + '1:1,'.repeat(N) + '}\nImageSpec(env={**X, "k": "v"})\n', '/p/wf.py');
    const env = dict.decls[0].fields[0].value;
    expect(env.kind === 'dict' && env.entries.length).toBe(N + 1);
  });
});

describe('engine limits', () => {
  it('130,000 unused suppressions are all reported, not a stack overflow', () => {
    const N = 130_000;
    const out = lintSource(H + 'image = ImageSpec(name="etl", registry="ghcr.io/acme")  ' + '#imagespec:ignore'.repeat(N) + '\n', { select: ['IS000'] });
    expect(out.run.internalErrors).toEqual([]);
    expect(out.findings).toHaveLength(N);
    expect(out.findings.every((f) => f.code === 'IS000')).toBe(true);
  });

  it('one LineIndex per linted file: every rule and declaration gets the same index, of that text', () => {
    const text = H + 'ImageSpec(name="etl")\n'.repeat(1000);
    const seen: LineIndex[] = [];
    const probe = (code: string): OfflineRule => ({
      code,
      name: 'probe',
      severity: 'info',
      summary: 'probe',
      docs: { whatItDoes: '', why: '', example: '' },
      fixSafety: { kind: 'none' },
      appliesTo: [],
      check: (_decl, ctx) => {
        seen.push(ctx.lines);
        return [];
      },
    });
    const { file, run } = projectRun(text);
    const probed = { ...run, ruleSet: { ...ruleSet, rules: [probe('IS998'), probe('IS999')] } };
    expect(lintText(text, file, probed).decls).toHaveLength(1000);
    expect(seen).toHaveLength(2000);
    expect(new Set(seen).size).toBe(1);
    expect(seen[0].text).toBe(text);
    seen.length = 0;
    lintText(text + '\n', file, probed);
    expect(new Set(seen).size).toBe(1);
    expect(seen[0].text).toBe(text + '\n');
  });

  it('LineIndex reuses only the same text: alternating texts stay correct', () => {
    const a = 'one\ntwo\nthree\n';
    const b = 'x\n\ny\nzz\n';
    for (let i = 0; i < 3; i++) {
      expect(new LineIndex(a).positionAt(8)).toEqual({ line: 2, character: 0 });
      expect(new LineIndex(b).positionAt(6)).toEqual({ line: 3, character: 1 });
      expect(new LineIndex(a).offsetAt({ line: 1, character: 1 })).toBe(5);
      expect(new LineIndex(b).lineCount).toBe(5);
      // A different string object with the same content is the same text.
      expect(new LineIndex(a.slice(0, 4) + a.slice(4)).lineText(1)).toBe('two');
    }
  });
});
