// Issue 15: a cold run reads no byte twice. The rules read the modules
// beside a linted one (a union import, a registered builder: project/view.ts),
// often before those modules' own turn; their lint then takes the text the
// rules' file system holds (workspace/read.ts sourceFromText) instead of
// reading the file again, when that text settles what reading would give.
//
// - sourceFromText gives what readSource gives for the same bytes, or
//   nothing (read them), over generated contents: BOMs, NULs, invalid
//   UTF-8, coding declarations, non-ASCII, `flyte` at word boundaries.
// - The built CLI, counting its own opens (a preloaded module wraps
//   fs.openSync and fs.readFileSync), opens each module of a folder of
//   workflows that read each other once in a cold run, with the same output
//   as before.

import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BYTES, readSource, sourceFromText } from '../server/workspace/read';
import { generateWorkflowCorpus, writeCorpus } from '../bench/corpus';
import { runCli } from './helpers/cli';
import { tmpDir } from './helpers/tmp';

const PIECES = ['ImageSpec', 'imagespec', 'flyte', 'flytekit', '_flyte', 'flyte2', 'é', '\u00ff', '\ufeff', '\ufffd', '\0', '# -*- coding: latin-1 -*-\n', '# coding=utf-8\n', '\n', ' ', 'x = 1\n', 'from flyte import Image\n', '日本'];

/** Bytes as a file could hold them: pieces of text, and now and then raw bytes that are not UTF-8. */
const contents = fc.array(fc.oneof(fc.constantFrom(...PIECES).map((s) => Buffer.from(s, 'utf8')), fc.uint8Array({ maxLength: 4 }).map((a) => Buffer.from(a))), { maxLength: 12 }).map((parts) => Buffer.concat(parts));

describe('reading a module once', () => {
  it('sourceFromText agrees with readSource on the same bytes, or declines', () => {
    const dir = tmpDir('isl-read-once-');
    const file = path.join(dir, 'm.py');
    let settled = 0;
    fc.assert(
      fc.property(contents, fc.boolean(), (bytes, yaml) => {
        fs.writeFileSync(file, bytes);
        const known = fs.readFileSync(file, 'utf8');
        const fromText = sourceFromText(known, yaml, DEFAULT_MAX_BYTES);
        if (fromText === undefined) return;
        settled++;
        expect(fromText).toEqual(readSource(file, { yaml }));
        expect(readSource(file, { yaml, known })).toEqual(readSource(file, { yaml }));
      }),
      { numRuns: 600, seed: 15 },
    );
    // Most generated contents are plain enough to be settled from the text.
    expect(settled).toBeGreaterThan(100);
    // The cases it must decline: the text cannot say what the bytes were.
    for (const t of ['\ufeffx = ImageSpec()', 'x = "\ufffd" # ImageSpec', 'ImageSpec\0', '# -*- coding: latin-1 -*-\nImageSpec']) {
      expect(sourceFromText(t, false, DEFAULT_MAX_BYTES), JSON.stringify(t)).toBeUndefined();
    }
    expect(sourceFromText('x = ImageSpec()\n'.repeat(100), false, 1000)).toBeUndefined();
    expect(sourceFromText('import flytekit\n', false, DEFAULT_MAX_BYTES)).toEqual({ kind: 'irrelevant' });
    expect(sourceFromText('import flyte\n', false, DEFAULT_MAX_BYTES)).toEqual({ kind: 'text', text: 'import flyte\n', encoding: 'utf-8', bom: false });
  });

  it('a cold CLI run opens each module of a folder once', () => {
    const dir = fs.realpathSync(tmpDir('isl-read-once-cli-'));
    fs.mkdirSync(path.join(dir, '.git'));
    writeCorpus(path.join(dir, 'wf'), generateWorkflowCorpus(30));
    // A module the others are read for: union's builder is installed.
    fs.writeFileSync(path.join(dir, 'wf', 'zz_union.py'), 'from union import ImageSpec\n\nimage = ImageSpec(name="u", registry="ghcr.io/acme")\n');
    const counts = path.join(dir, 'opens.json');
    const preload = path.join(dir, 'count-opens.js');
    fs.writeFileSync(
      preload,
      `const fs = require('fs');
const seen = {};
const note = (p) => { if (typeof p === 'string' && p.endsWith('.py')) seen[p] = (seen[p] || 0) + 1; };
for (const name of ['openSync', 'readFileSync']) {
  const original = fs[name];
  fs[name] = function (p, ...rest) { note(p); return original.call(this, p, ...rest); };
}
process.on('exit', () => fs.writeFileSync(${JSON.stringify(counts)}, JSON.stringify(seen)));
`,
    );
    const plain = runCli(['.', '--no-cache', '--no-deep', '--output-format', 'json'], { cwd: dir, env: { IMAGESPEC_JOBS: '1' } });
    const counted = runCli(['.', '--no-cache', '--no-deep', '--output-format', 'json'], { cwd: dir, env: { IMAGESPEC_JOBS: '1', NODE_OPTIONS: `--require ${preload}` } });
    expect(counted.stdout).toBe(plain.stdout);
    expect((JSON.parse(plain.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
    const opens = JSON.parse(fs.readFileSync(counts, 'utf8')) as Record<string, number>;
    const modules = fs.readdirSync(path.join(dir, 'wf')).filter((n) => n.endsWith('.py'));
    expect(modules.length).toBe(31);
    expect(Object.fromEntries(modules.map((n) => [n, opens[path.join(dir, 'wf', n)]]))).toEqual(Object.fromEntries(modules.map((n) => [n, 1])));
  });
});
