// Property: extraction and every rule survive any source a user's editor can
// hold. For generated and mutated Python files with ImageSpec calls:
// nothing throws, no rule records an internal error, each file finishes in
// bounded time, and every range (declarations, fields, findings, fix edits)
// lies inside the document with start <= end. Bounded by count and a fixed
// seed; fast-check prints the seed and the shrunk input on failure.

import * as fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractDecls } from '../../server/extract';
import { planFixes } from '../../server/engine/fixes';
import type { ImageDecl, Value } from '../../server/model/decl';
import { arbModule, arbMutatedModule, everyRule, lintOnce, lspLines, makeProject, newRun, rangeProblem, runs, SEED } from './gen';

/** Per-file bound. Generous for a loaded 2-core CI box; typical files take a few ms. */
const PER_FILE_MS = 2000;

const project = makeProject();
afterAll(() => fs.rmSync(project.dir, { recursive: true, force: true }));

function valueRanges(v: Value, out: { what: string; range: Value['range'] }[], what: string): void {
  out.push({ what, range: v.range });
  if (v.kind === 'str' && v.origin) out.push({ what: `${what} literal`, range: v.origin.literalRange });
  if (v.kind === 'list') v.items.forEach((x, i) => valueRanges(x, out, `${what}[${i}]`));
  if (v.kind === 'dict') v.entries.forEach((e, i) => (valueRanges(e.key, out, `${what}{${i}}.key`), valueRanges(e.value, out, `${what}{${i}}.value`)));
  if (v.kind === 'spec') declRanges(v.decl, out, `${what}.spec`);
}

function declRanges(d: ImageDecl, out: { what: string; range: Value['range'] }[], what = 'decl'): void {
  out.push({ what: `${what}.range`, range: d.range }, { what: `${what}.callee`, range: d.calleeRange }, { what: `${what}.args`, range: d.argsRange });
  for (const f of d.fields) {
    out.push({ what: `${what}.${f.name}.name`, range: f.nameRange }, { what: `${what}.${f.name}.range`, range: f.range });
    valueRanges(f.value, out, `${what}.${f.name}`);
  }
  for (const c of d.chain) {
    out.push({ what: `${what}.${c.method}()`, range: c.range }, { what: `${what}.${c.method}.name`, range: c.nameRange });
    c.args.forEach((a, i) => valueRanges(a, out, `${what}.${c.method}(${i})`));
    for (const k of c.kwargs) valueRanges(k.value, out, `${what}.${c.method}(${k.name})`);
  }
}

/** Checks one text; returns a description of the first problem, or undefined. Throws only on a crash. */
function check(text: string): string | undefined {
  const lines = lspLines(text);
  const t0 = performance.now();
  const ex = extractDecls(text, project.file);
  for (const d of ex.decls) {
    const ranges: { what: string; range: Value['range'] }[] = [];
    declRanges(d, ranges);
    for (const r of ranges) {
      const p = rangeProblem(text, r.range, lines);
      if (p) return `extraction ${r.what}: ${p}`;
    }
  }
  for (const r of ex.syntaxErrors) {
    const p = rangeProblem(text, r, lines);
    if (p) return `syntax error range: ${p}`;
  }
  const run = newRun(project.dir);
  const res = lintOnce(text, project.file, run);
  const elapsed = performance.now() - t0;
  if (run.internalErrors.length) return `internal errors: ${JSON.stringify(run.internalErrors, null, 1)}`;
  if (elapsed > PER_FILE_MS) return `took ${Math.round(elapsed)} ms (bound ${PER_FILE_MS} ms) for ${text.length} chars`;
  for (const f of res.findings) {
    if (f.file !== project.file) continue;
    const p = rangeProblem(text, f.range, lines);
    if (p) return `${f.code} finding range: ${p} (${f.message})`;
    for (const fix of f.fixes) {
      for (const e of fix.edits) {
        if (e.file && e.file !== project.file) continue;
        const q = rangeProblem(text, e.range, lines);
        if (q) return `${f.code} fix "${fix.title}" edit range: ${q}`;
      }
    }
  }
  // Planning fixes over whatever came back must not throw either.
  planFixes(text, project.file, res.findings, true);
  return undefined;
}

describe('no crash, no hang, ranges inside the document', () => {
  it('runs every rule file present', () => {
    expect(everyRule.map((r) => r.code)).toContain('IS501');
  });

  it('well-formed generated modules', () => {
    fc.assert(
      fc.property(arbModule, (text) => {
        expect(check(text)).toBeUndefined();
      }),
      { seed: SEED, numRuns: runs(250) },
    );
  });

  it('mutated modules: truncation, stray brackets, prefixes, nesting, unicode, CRLF/CR, tabs, NUL, long lines', () => {
    fc.assert(
      fc.property(arbMutatedModule, (text) => {
        expect(check(text)).toBeUndefined();
      }),
      { seed: SEED + 1, numRuns: runs(400) },
    );
  });

  it('every prefix of a module (typing it out character by character) is handled', () => {
    // An editor lints every intermediate state; sample the prefixes of a few modules.
    fc.assert(
      fc.property(arbModule, fc.integer({ min: 3, max: 9 }), (text, step) => {
        for (let i = 0; i <= text.length; i += step) expect(check(text.slice(0, i)), `prefix of length ${i}`).toBeUndefined();
      }),
      { seed: SEED + 2, numRuns: runs(8) },
    );
  });

  it('known hard inputs', () => {
    const hard = [
      '',
      'ImageSpec',
      'ImageSpec(',
      'ImageSpec(registry=',
      'ImageSpec(registry="',
      'ImageSpec(registry="""',
      'ImageSpec(**',
      'ImageSpec(*',
      'ImageSpec)(',
      'ImageSpec(name=f"{',
      'ImageSpec(name=f"{x!r:{y}}")',
      'ImageSpec(name=rb"\\x00")',
      'ImageSpec(base_image=ImageSpec(base_image=ImageSpec(base_image=ImageSpec(',
      'from flytekit import ImageSpec\nImageSpec(registry="us-east1-docker.pkg.dev/p/r\0")\n',
      'from flytekit import ImageSpec\r\nImageSpec(\r\n\tregistry="ghcr.io/Acme",\r\n\tpacakges=["x"])\r\n',
      'from flytekit import ImageSpec\rImageSpec(\r\tregistry="ghcr.io/Acme",\r\tpacakges=["x"])\r',
      'from flytekit import ImageSpec\nImageSpec(name="😀𝔘e\u0301", pacakges=["😀"], registry="😀.io/😀")\n',
      'from flytekit import ImageSpec\nImageSpec(name="\ud800", regsitry="\udc00ghcr.io/a")\n',
      'from flytekit import ImageSpec\nImageSpec(packages=' + '['.repeat(5000) + ']'.repeat(5000) + ')\n',
      'from flytekit import ImageSpec\nImageSpec(name=' + '('.repeat(5000) + '"x"' + ')'.repeat(5000) + ')\n',
      'from flytekit import ImageSpec\nImageSpec(name=' + '"x" + '.repeat(3000) + '"y")\n',
      'from flytekit import ImageSpec\nA = "a"\n' + Array.from({ length: 300 }, (_, i) => `A${i + 1} = A${i}\n`).join('') + 'ImageSpec(name=A300)\n',
      'from flytekit import ImageSpec\nImageSpec(name="' + 'x'.repeat(300_000) + '")\n',
      'from flytekit import ImageSpec\n' + 'ImageSpec(pacakges=[]); '.repeat(2000) + '\n',
      '\ufefffrom flytekit import ImageSpec\nImageSpec(pacakges=[])  # imagespec: ignore[IS501]  # imagespec: ignore[IS501]\n',
    ];
    for (const text of hard) expect(check(text), JSON.stringify(text.slice(0, 120))).toBeUndefined();
  });
});
