// Input edge cases through the real CLI (bin/imagespec-lint.js in a child
// process): each gives a clear message and a run that finishes, never a
// crash or a stack trace. test/cli.test.ts already covers NUL-byte binaries,
// undeclared latin-1, a PEP 263 latin-1 file, read-only files under --fix
// and an invalid imagespec-lint.toml; this file adds the rest.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BYTES } from '../server/workspace/read';
import { CLI, runCli } from './helpers/cli';
import { lintSource, tmpProject } from './helpers/lint';

const H = 'from flytekit import ImageSpec\n';
const TYPO = H + '\nimage = ImageSpec(name="etl", pacakges=["pandas"])\n';
const TYPO_LINE = 'wf.py:3:31: IS501 [error] ImageSpec has no field `pacakges`';
const concise = ['--select', 'IS501', '--output-format', 'concise'];

function noCrash(r: { stderr: string }): void {
  expect(r.stderr).not.toMatch(/internal error| {4}at |RangeError|TypeError|Segmentation/);
}

describe('file contents', () => {
  it('binary-looking files: without the needle they are not even decoded; with it, invalid UTF-8 is skipped with a note', () => {
    const dir = tmpProject({ 'wf.py': TYPO });
    // A PNG named .py: no "ImageSpec" bytes, so nothing to say about it.
    fs.writeFileSync(path.join(dir, 'image.py'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xd8, 0x00, 0x10]));
    // Random high bytes around the needle, no NUL: not UTF-8.
    fs.writeFileSync(path.join(dir, 'blob.py'), Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('ImageSpec('), Buffer.from([0xa0, 0xa1])]));
    // UTF-16 with a BOM: the ASCII needle is not in its bytes, so it is not
    // even decoded (Python cannot import UTF-16 source without a declaration).
    fs.writeFileSync(path.join(dir, 'utf16.py'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TYPO, 'utf16le')]));
    const r = runCli(concise, { cwd: dir });
    noCrash(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(TYPO_LINE);
    expect(r.stderr).not.toContain('image.py');
    expect(r.stderr).toContain('imagespec-lint: blob.py: skipped, not valid UTF-8 and no coding declaration (Python cannot import it either)\n');
    expect(r.stderr).not.toContain('utf16.py');
  });

  it('a UTF-8 BOM is kept by --fix; a cp1252 coding declaration is decoded and written back; an unknown codec is reported', () => {
    const dir = tmpProject({});
    fs.writeFileSync(path.join(dir, 'bom.py'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TYPO)]));
    fs.writeFileSync(
      path.join(dir, 'cp.py'),
      Buffer.concat([Buffer.from('# -*- coding: cp1252 -*-\n' + H + 'image = ImageSpec(name="caf'), Buffer.from([0xe9, 0x80]), Buffer.from('", pacakges=[])\n')]),
    );
    fs.writeFileSync(path.join(dir, 'odd.py'), '# coding: klingon\n' + TYPO);
    const r = runCli(concise, { cwd: dir });
    noCrash(r);
    // 0xE9 0x80 are "é€" in cp1252: two UTF-16 units, so the keyword sits at column 33.
    expect(r.stdout).toContain('cp.py:3:33: IS501 [error] ImageSpec has no field `pacakges`');
    expect(r.stdout).toContain('bom.py:3:31: IS501');
    expect(r.stderr).toContain('imagespec-lint: odd.py: skipped, source encoding "klingon" is not supported\n');
    const f = runCli(['--fix', '--select', 'IS501'], { cwd: dir });
    noCrash(f);
    expect(fs.readFileSync(path.join(dir, 'bom.py'))).toEqual(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TYPO.replace('pacakges', 'packages'))]));
    // cp1252 is written back in cp1252: the two bytes stay as they were.
    expect(f.stderr).not.toContain('cp.py');
    const cp = fs.readFileSync(path.join(dir, 'cp.py'));
    expect(cp.includes(Buffer.from('packages'))).toBe(true);
    expect(cp.includes(Buffer.from([0xe9, 0x80]))).toBe(true);
  });

  it(`files over the size limit (${DEFAULT_MAX_BYTES / 1024 / 1024} MiB) are skipped with a note, quickly; the rest is linted`, () => {
    const dir = tmpProject({ 'wf.py': TYPO });
    const line = 'image = ImageSpec(name="etl", pacakges=["pandas"])\n';
    const big = H + line.repeat(Math.ceil((DEFAULT_MAX_BYTES + 1024) / line.length));
    expect(big.length).toBeGreaterThan(DEFAULT_MAX_BYTES);
    fs.writeFileSync(path.join(dir, 'big.py'), big);
    const t0 = Date.now();
    const r = runCli(concise, { cwd: dir });
    noCrash(r);
    expect(r.stderr).toContain('imagespec-lint: big.py: skipped, larger than 4 MiB\n');
    expect(r.stdout).toContain(TYPO_LINE);
    expect(r.stdout).not.toContain('big.py');
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('a 3.5 MB module with 2,000 declarations among ordinary code lints within its budget', () => {
    const block = (i: number) =>
      `\n\ndef helper_${i}(x: int) -> int:\n    """${'Filler documentation. '.repeat(62)}"""\n    total = sum(range(x)) + ${i}\n    return total\n\n` +
      `image_${i} = ImageSpec(name="etl-${i}", pacakges=["pandas"], registry="ghcr.io/acme")\n`;
    const text = H + Array.from({ length: 2000 }, (_, i) => block(i)).join('');
    expect(text.length).toBeGreaterThan(3_000_000);
    expect(text.length).toBeLessThan(DEFAULT_MAX_BYTES);
    const dir = tmpProject({ 'wf.py': text });
    const t0 = Date.now();
    const r = runCli(['--select', 'IS5', '--output-format', 'concise'], { cwd: dir });
    noCrash(r);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l.includes(' IS501 '))).toHaveLength(2000);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it('a 5 MB module with 3,400 declarations, through the engine (editors lint without a size limit), every rule on, within its budget', () => {
    const block = (i: number) =>
      `\n\ndef helper_${i}(x: int) -> int:\n    """${'Filler documentation. '.repeat(60)}"""\n    total = sum(range(x)) + ${i}\n    return total\n\n` +
      `image_${i} = ImageSpec(name="etl-${i}", pacakges=["pandas"], registry="ghcr.io/acme")\n`;
    const text = H + Array.from({ length: 3400 }, (_, i) => block(i)).join('');
    expect(text.length).toBeGreaterThan(5_000_000);
    const t0 = Date.now();
    const out = lintSource(text, { select: ['ALL', 'IS000'], config: { dataplane: { region: 'us-east1' } } });
    // Before rules stopped re-scanning the whole file per declaration: ~13 s.
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(out.run.internalErrors).toEqual([]);
    expect(out.findings.filter((f) => f.code === 'IS501')).toHaveLength(3400);
  }, 60_000);

  it('10,000 nested brackets around and inside a declaration: no stack overflow', () => {
    const n = 10_000;
    const dir = tmpProject({
      'around.py': H + 'image = ' + '('.repeat(n) + 'ImageSpec(name="etl", pacakges=[])' + ')'.repeat(n) + '\n',
      'inside.py': H + 'image = ImageSpec(pacakges=' + '['.repeat(n) + ']'.repeat(n) + ', name=' + '('.repeat(n) + '"x"' + ')'.repeat(n) + ')\n',
      'dict.py': H + 'image = ImageSpec(env=' + '{"a": '.repeat(n) + '1' + '}'.repeat(n) + ', pacakges=[])\n',
      'unclosed.py': H + 'image = ImageSpec(pacakges=[], name=' + '('.repeat(n) + '\n',
      'target.py': H + '('.repeat(n) + 'a' + ')'.repeat(n) + ' = "x"\nimage = ImageSpec(name=a, pacakges=[])\n',
    });
    const r = runCli(concise, { cwd: dir });
    noCrash(r);
    expect(r.code).toBe(1);
    // unclosed.py's call never closes, so it is not a parsed call: nothing to
    // report there, and nothing may crash on it.
    expect(r.stdout).not.toContain('unclosed.py');
    for (const f of ['around.py', 'inside.py', 'dict.py', 'target.py']) expect(r.stdout, f).toMatch(new RegExp(`^${f.replace('.', '\\.')}:\\d+:\\d+: IS501 `, 'm'));
  });
});

describe('folders and projects', () => {
  it('symbolic link loops (a folder linking to its parent, to itself, dangling links) do not trap the walk', () => {
    const dir = tmpProject({ 'wf.py': TYPO, 'pkg/mod.py': TYPO });
    fs.symlinkSync('..', path.join(dir, 'pkg', 'up'));
    fs.symlinkSync('.', path.join(dir, 'pkg', 'self'));
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling.py'));
    fs.symlinkSync('loop.py', path.join(dir, 'loop.py'));
    const t0 = Date.now();
    const r = runCli(concise, { cwd: dir });
    noCrash(r);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => / IS501 /.test(l)).sort()).toEqual([
      'pkg/mod.py:3:31: IS501 [error] ImageSpec has no field `pacakges`: importing this module raises TypeError; did you mean `packages`?',
      `${TYPO_LINE}: importing this module raises TypeError; did you mean \`packages\`?`,
    ]);
    expect(Date.now() - t0).toBeLessThan(20_000);
    // Named on the command line, the link loop folder is walked once too.
    const named = runCli([...concise, 'pkg/up/pkg/self'], { cwd: dir });
    noCrash(named);
    expect(named.stdout).toContain('IS501');
  });

  it('an unreadable folder is reported and skipped (as root: without the capabilities that read through chmod 000)', () => {
    const dir = tmpProject({ 'wf.py': TYPO, 'secret/wf.py': TYPO, 'open/wf.py': TYPO });
    fs.chmodSync(path.join(dir, 'secret'), 0o000);
    try {
      // Root reads through chmod 000 by CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH:
      // drop both from the bounding set with setpriv (util-linux) and keep the
      // uid, so the CLI, wherever the checkout sits (a private folder, /root),
      // stays readable. Not root: run directly.
      const asRoot = process.getuid?.() === 0;
      const cmd = asRoot ? 'setpriv' : process.execPath;
      const args = asRoot ? ['--bounding-set=-dac_override,-dac_read_search', process.execPath, CLI, ...concise] : [CLI, ...concise];
      const r = spawnSync(cmd, args, {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: '1' },
      });
      // No silent pass: without setpriv this test cannot be honest as root, and says so.
      expect(r.error, 'running as root needs setpriv (util-linux) to test an unreadable folder').toBeUndefined();
      noCrash(r);
      expect(r.stderr).toContain('imagespec-lint: cannot read folder secret: EACCES\n');
      expect(r.stdout).toContain(TYPO_LINE);
      expect(r.stdout).toContain('open/wf.py:3:31: IS501');
      expect(r.stdout).not.toContain('secret/');
      expect(r.status).toBe(1);
    } finally {
      fs.chmodSync(path.join(dir, 'secret'), 0o755);
    }
  });

  it('an empty project, an empty file and a folder of non-Python files pass cleanly', () => {
    const empty = tmpProject({});
    expect(runCli([], { cwd: empty })).toMatchObject({ code: 0, stdout: 'All checks passed.\n', stderr: '' });
    const files = tmpProject({ 'empty.py': '', 'notes.txt': 'ImageSpec(pacakges=[])', 'data/x.json': '{}' });
    expect(runCli([], { cwd: files })).toMatchObject({ code: 0, stdout: 'All checks passed.\n', stderr: '' });
    expect(runCli(['empty.py'], { cwd: files })).toMatchObject({ code: 0, stdout: 'All checks passed.\n', stderr: '' });
  });

  it('a pyproject.toml that is not valid TOML: ignored without our section, exit 2 with file and line when it has it', () => {
    const other = tmpProject({ 'wf.py': TYPO, 'pyproject.toml': '[project\nname = "x"\n' });
    const a = runCli(concise, { cwd: other });
    noCrash(a);
    expect(a.code).toBe(1);
    expect(a.stdout).toContain(TYPO_LINE);
    const ours = tmpProject({ 'wf.py': TYPO, 'pyproject.toml': '[project]\nname = "x"\n\n[tool.imagespec-lint]\nselect = ["IS501"\n' });
    const b = runCli(concise, { cwd: ours });
    expect(b.code).toBe(2);
    expect(b.stdout).toBe('');
    expect(b.stderr).toMatch(/^imagespec-lint: invalid configuration: pyproject\.toml:\d+: not valid TOML: .+\n$/);
    noCrash(b);
  });
});
