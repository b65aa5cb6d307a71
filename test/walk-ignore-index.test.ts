// The walk's .gitignore matching (server/workspace/files.ts indexByLastChar)
// tests a path against only the rules that can match its last character;
// the answers must be the `ignore` package's own, for every rule and path.

import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { collectFiles, indexByLastChar } from '../server/workspace/files';
import { tmpDir } from './helpers/tmp';

/** Rules of the kinds real .gitignore files hold (Python's template, flytesnacks', unionai-examples'), and awkward ones. */
const REAL = [
  '__pycache__/', '*.py[cod]', '*$py.class', '*.so', '.Python', 'build/', 'dist/', 'lib/', 'lib64/', '*.egg-info/', '*.egg', 'MANIFEST',
  '.coverage', '.coverage.*', '.cache', '*.cover', '*.py,cover', '.hypothesis/', 'docs/_build/', '/site', '.env', '.venv', 'env/', 'ENV/',
  'auto_*/', 'docs/auto/*', '**/flyte-package.tgz', '.sandbox/bin/', 'data/', '*.pt', '*-out.html', 'gen_modules', 'test/logs/', '.idea/',
  '!keep.py', '!lib/keep/', 'a/**/b', 'x\\ ', '\\#notes', '\\!bang', 'file[0-9].py', 'name[!x].py', '[Tt]est.py', 'sp ace', '*.PY', 'Build', 'ab?', '*',
];

const PATHS = [
  'a.py', 'a.pyc', 'x/a.PYC', 'b.so', 'build/', 'src/build/', 'src/build/x.py', 'lib/', 'lib/keep/', 'lib/keep/k.py', 'keep.py', 'dist/', 'data/',
  'pkg/data.py', 'docs/_build/', 'docs/auto/x.py', 'docs/auto/', 'site/', 'site', 'x/site/', 'auto_gen/', 'auto_gen/x.py', 'flyte-package.tgz',
  'a/flyte-package.tgz', 'a/b', 'a/x/y/b', 'a/b/', 'x ', 'x', '#notes', '!bang', 'file1.py', 'file12.py', 'namey.py', 'namex.py', 'Test.py',
  'test.py', 'sp ace', 'Build/', 'abc', 'ab', 'é.py', 'dir/é/', 'caf\u00e9', '.env', 'sub/.env/', 'e.egg-info/', 'x.egg', 'run-out.html', 'm.pt',
];

describe('indexByLastChar', () => {
  it('answers as the ignore package for rules of real .gitignore files, files and folders', () => {
    for (let k = 0; k < REAL.length; k++) {
      // Each rule alone, and growing prefixes of the list (negations meet what they undo).
      for (const rules of [[REAL[k]], REAL.slice(0, k + 1)]) {
        const plain = ignore({ allowRelativePaths: true }).add(rules);
        const fast = indexByLastChar(ignore({ allowRelativePaths: true }).add(rules));
        for (const p of PATHS) expect(fast.ignores(p), `${JSON.stringify(rules)} ${p}`).toBe(plain.ignores(p));
      }
    }
  });

  it('answers as the ignore package for random rules and paths', () => {
    const piece = fc.constantFrom('a', 'b', 'A', 'py', '.', '_', '-', '*', '?', '**', '/', '[ab]', '[!a]', '[a-c]', '\\*', '\\ ', ' ', 'é', '0', 'c]');
    const rule = fc.tuple(fc.constantFrom('', '!', '/'), fc.array(piece, { minLength: 1, maxLength: 5 }), fc.constantFrom('', '/')).map(([pre, ps, post]) => pre + ps.join('') + post);
    const seg = fc.array(fc.constantFrom('a', 'b', 'A', 'py', '.', '_', '-', 'é', '0', 'c', ' ', '*'), { minLength: 1, maxLength: 4 }).map((x) => x.join(''));
    const p = fc.tuple(fc.array(seg, { minLength: 1, maxLength: 3 }), fc.boolean()).map(([segs, dir]) => segs.join('/') + (dir ? '/' : ''));
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 8 }), fc.array(p, { minLength: 1, maxLength: 12 }), (rules, paths) => {
        const plain = ignore({ allowRelativePaths: true }).add(rules);
        const fast = indexByLastChar(ignore({ allowRelativePaths: true }).add(rules));
        for (const x of paths) expect(fast.ignores(x), `${JSON.stringify(rules)} ${x}`).toBe(plain.ignores(x));
      }),
      { numRuns: 3000 },
    );
  });

  it('the walk honours a .gitignore as git does: rules, negations, folder rules, nested .gitignore files', () => {
    const dir = tmpDir('isl-walk-ignore-');
    const files = ['a.py', 'build/b.py', 'src/build/c.py', 'src/keep.py', 'src/gen_x.py', 'lib/keep/k.py', 'lib/other/o.py', 'docs/auto/d.py', 'sub/s.py', 'sub/t.py', 'Test.py'];
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), '');
    }
    fs.writeFileSync(path.join(dir, '.gitignore'), 'build/\ngen_*.py\n*.py[cod]\n/lib/*\n!/lib/keep/\ndocs/auto/*\n[Tt]est.py\n');
    fs.writeFileSync(path.join(dir, 'sub', '.gitignore'), 't.py\n');
    const walked = collectFiles([dir], { root: dir, exclude: [], specs: [] }).files.map((f) => path.relative(dir, f).split(path.sep).join('/'));
    expect(walked).toEqual(['a.py', 'lib/keep/k.py', 'src/keep.py', 'sub/s.py']);
  });
});
