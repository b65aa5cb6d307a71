// `--fix` safety as properties, applying fixes exactly as the CLI does
// (server/cli/main.ts applyFixes: planFixes, applyOffsetEdits, re-lint, up
// to three passes; files to create written when missing):
//   - the chosen edits never overlap, and a fix is applied whole or not at all;
//   - every byte outside the chosen edits is kept;
//   - re-linting reaches a fixed point within two passes;
//   - fixed files parse without new syntax errors;
//   - end to end through the built CLI: same text as in-process, written
//     atomically (no temp file left, permissions kept).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyOffsetEdits, autoFix, planFixes, toOffsetEdits, type OffsetEdit } from '../../server/engine/fixes';
import { extractPython } from '../../server/extract/python';
import type { Finding } from '../../server/engine/types';
import { CachedFs } from '../../server/engine/fs';
import { ruleSet } from '../../rules';
import { runCli } from '../helpers/cli';
import { arbFixableModule, LineIndex, lintOnce, makeProject, newRun, runs, SEED, type Project } from './gen';

const projects: Project[] = [];
afterAll(() => {
  for (const p of projects) fs.rmSync(p.dir, { recursive: true, force: true });
});

function overlap(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/** Bytes outside the edits, checked independently of applyOffsetEdits: the untouched segments appear in order at the shifted offsets. */
function keptOutside(before: string, after: string, edits: OffsetEdit[]): string | undefined {
  // The order applyOffsetEdits gives edits at one offset: an insertion before a replacement starting there.
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const delta = sorted.reduce((n, e) => n + e.newText.length - (e.end - e.start), 0);
  if (after.length !== before.length + delta) return `length ${after.length}, expected ${before.length + delta}`;
  let shift = 0;
  let last = 0;
  for (const e of [...sorted, { start: before.length, end: before.length, newText: '' }]) {
    const seg = before.slice(last, e.start);
    if (after.slice(last + shift, last + shift + seg.length) !== seg) return `bytes ${last}..${e.start} changed`;
    if (after.slice(e.start + shift, e.start + shift + e.newText.length) !== e.newText) return `edit at ${e.start} not applied as planned`;
    shift += e.newText.length - (e.end - e.start);
    last = e.end;
  }
  return undefined;
}

interface FixOutcome {
  text: string;
  passes: number;
  /** Whether a further pass would still change something. */
  fixedPoint: boolean;
  problems: string[];
}

/** The CLI's applyFixes loop, with every guarantee checked on the way. */
function fixLikeCli(text0: string, p: Project, run: ReturnType<typeof newRun>, unsafe: boolean): FixOutcome {
  const problems: string[] = [];
  const failedCreates = new Set<string>();
  let text = text0;
  let current = lintOnce(text, p.file, run).findings;
  let passes = 0;
  const plannable = (fs: Finding[]) => fs.filter((f) => {
    const fix = autoFix(f, unsafe);
    return fix && !(fix.createFile && failedCreates.has(fix.createFile.path));
  });
  for (let pass = 0; pass < 3; pass++) {
    const plan = planFixes(text, p.file, plannable(current), unsafe);
    if (!plan.applied.length) break;
    if (pass === 2) problems.push(`no fixed point after two passes: still fixing ${plan.applied.map((f) => f.code).join(', ')}`);
    passes++;
    // Non-overlapping, and each applied fix whole.
    for (let i = 0; i < plan.edits.length; i++) {
      for (let j = i + 1; j < plan.edits.length; j++) {
        if (overlap(plan.edits[i], plan.edits[j])) problems.push(`overlapping edits applied together: ${JSON.stringify([plan.edits[i], plan.edits[j]])}`);
      }
    }
    const index = new LineIndex(text);
    for (const f of plan.applied) {
      const fix = autoFix(f, unsafe)!;
      for (const e of toOffsetEdits(index, fix.edits)) {
        if (!plan.edits.some((x) => x.start === e.start && x.end === e.end && x.newText === e.newText)) problems.push(`${f.code} fix applied partially`);
      }
    }
    const next = plan.edits.length ? applyOffsetEdits(text, plan.edits) : text;
    const kept = keptOutside(text, next, plan.edits);
    if (kept) problems.push(`pass ${pass + 1}: ${kept}`);
    for (const c of plan.creates) {
      if (!path.resolve(c.path).startsWith(p.dir + path.sep)) {
        problems.push(`fix creates a file outside the project: ${c.path}`);
        failedCreates.add(c.path);
        continue;
      }
      try {
        if (!fs.existsSync(c.path)) {
          fs.mkdirSync(path.dirname(c.path), { recursive: true });
          fs.writeFileSync(c.path, c.content, { flag: 'wx' });
        }
      } catch {
        failedCreates.add(c.path); // e.g. a NUL in the name: the CLI notes it and goes on
      }
      (run.fs as CachedFs).invalidate(c.path);
    }
    text = next;
    current = lintOnce(text, p.file, run).findings;
  }
  const rest = planFixes(text, p.file, plannable(current), unsafe);
  return { text, passes, fixedPoint: rest.applied.length === 0, problems };
}

describe('--fix safety', () => {
  for (const unsafe of [false, true]) {
    it(`fixes ${unsafe ? 'with --unsafe-fixes' : '(safe only)'}: no overlap, bytes outside edits kept, fixed point in two passes, no new syntax errors`, () => {
      let fixedSome = 0;
      fc.assert(
        fc.property(arbFixableModule, (text) => {
          const p = makeProject();
          projects.push(p);
          const run = newRun(p.dir);
          const before = extractPython(text, p.file).syntaxErrors.length;
          const out = fixLikeCli(text, p, run, unsafe);
          expect(out.problems).toEqual([]);
          expect(out.fixedPoint, `fixes still apply after ${out.passes} passes`).toBe(true);
          expect(run.internalErrors).toEqual([]);
          const after = extractPython(out.text, p.file).syntaxErrors.length;
          if (before === 0) expect(after, `syntax errors after fixing:\n${out.text}`).toBe(0);
          else expect(after).toBeLessThanOrEqual(before);
          if (out.text !== text) fixedSome++;
          fs.rmSync(p.dir, { recursive: true, force: true });
        }),
        { seed: SEED + (unsafe ? 11 : 10), numRuns: runs(150) },
      );
      // The generator must exercise fixes, or the property says nothing.
      expect(fixedSome).toBeGreaterThan(30);
    });
  }

  it('planFixes never applies overlapping fixes together, and defers the rest whole', () => {
    const text = 'abcdefghijklmnopqrstuvwxyz\n0123456789\n';
    const arbEdit = fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 6 }), fc.string({ maxLength: 3 })).map(([s, len, t]) => ({ s, e: Math.min(text.length, s + len), t }));
    const arbFinding = fc.tuple(fc.array(arbEdit, { minLength: 1, maxLength: 3 }), fc.boolean());
    fc.assert(
      fc.property(fc.array(arbFinding, { maxLength: 8 }), (specs) => {
        const index = new LineIndex(text);
        const findings: Finding[] = specs.map(([edits, safe], i) => ({
          code: `IS9${String(i).padStart(2, '0')}`,
          severity: 'error',
          file: '/p/wf.py',
          range: { start: index.positionAt(edits[0].s), end: index.positionAt(edits[0].e) },
          message: 'm',
          fixes: [{ title: 't', safe, preferred: true, edits: edits.map((e) => ({ range: { start: index.positionAt(e.s), end: index.positionAt(e.e) }, newText: e.t })) }],
        }));
        const plan = planFixes(text, '/p/wf.py', findings, true);
        for (let i = 0; i < plan.edits.length; i++) for (let j = i + 1; j < plan.edits.length; j++) expect(overlap(plan.edits[i], plan.edits[j])).toBe(false);
        // Every finding is applied whole or deferred whole.
        for (const f of findings) {
          const mine = toOffsetEdits(index, f.fixes[0].edits);
          const applied = plan.applied.includes(f);
          expect(applied || plan.deferred.includes(f)).toBe(true);
          if (applied) for (const e of mine) expect(plan.edits).toContainEqual(e);
        }
        const out = applyOffsetEdits(text, plan.edits);
        expect(keptOutside(text, out, plan.edits)).toBeUndefined();
      }),
      { seed: SEED + 12, numRuns: runs(400) },
    );
  });

  it('end to end through the CLI: same result as in-process, atomic writes, permissions kept', () => {
    // Generated modules that have something to fix, in one project.
    const p = makeProject();
    projects.push(p);
    fs.writeFileSync(path.join(p.dir, 'pyproject.toml'), '[tool.imagespec-lint]\ndeep = false\nselect = ["ALL", "IS000"]\n\n[tool.imagespec-lint.dataplane]\nregion = "us-east1"\nproject = "my-proj"\nprovider = "gcp"\n');
    const probe = makeProject();
    projects.push(probe);
    const candidates = fc.sample(arbFixableModule, { seed: SEED + 13, numRuns: 60 });
    const chosen: { name: string; text: string; expected: string; mode: number }[] = [];
    const modes = [0o640, 0o600, 0o755, 0o664];
    for (const text of candidates) {
      if (chosen.length === 4) break;
      // Expected text: the CLI's loop in-process, with the rules the CLI has (the registered ones).
      const run = newRun(probe.dir, ruleSet.rules);
      const out = fixLikeCli(text, probe, run, false);
      if (out.text === text || out.problems.length) continue;
      // Files that would differ only through files created by fixes are avoided: safe fixes create nothing.
      const name = `m${chosen.length}.py`;
      chosen.push({ name, text, expected: out.text, mode: modes[chosen.length] });
    }
    expect(chosen.length).toBe(4);
    for (const c of chosen) {
      fs.writeFileSync(path.join(p.dir, c.name), c.text);
      fs.chmodSync(path.join(p.dir, c.name), c.mode);
    }
    const listing = fs.readdirSync(p.dir).sort();
    const r = runCli(['--fix', '--output-format', 'concise', ...chosen.map((c) => c.name)], { cwd: p.dir });
    expect(r.stderr).not.toMatch(/internal error|could not write/);
    expect([0, 1]).toContain(r.code);
    for (const c of chosen) {
      const file = path.join(p.dir, c.name);
      expect(fs.readFileSync(file, 'utf8'), c.name).toBe(c.expected);
      expect(fs.statSync(file).mode & 0o777, c.name).toBe(c.mode);
    }
    // No temp file left behind, nothing else created.
    expect(fs.readdirSync(p.dir).sort()).toEqual(listing);
  });
});
