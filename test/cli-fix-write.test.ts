// --fix as it meets the user's files: through symlinks (named or found by
// the walk), keeping inode, hard links, owner and mode, in a read-only
// folder, never half written (a write that fails puts the old text back),
// never creating files outside the project, fixing standard input to
// standard output, and writing back legacy encodings (cp1252).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from './helpers/cli';
import { tmpProject } from './helpers/lint';
import { FileChangedError, writeFileInPlace } from '../server/util/writeInPlace';
import { tmpDir } from './helpers/tmp';

const TYPO = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", pacakges=["pandas"])\n';
const FIXED = TYPO.replace('pacakges', 'packages');
const fix = ['--fix', '--select', 'IS501', '--no-cache'];
const asRoot = process.getuid?.() === 0;

describe('--fix writes the file the user has, in place', () => {
  it('a symlinked module: the target is fixed and the link stays a link (named, and found by the walk)', () => {
    const outside = tmpDir();
    const dir = tmpProject({ 'pkg/__init__.py': '' });
    try {
      fs.writeFileSync(path.join(outside, 'real.py'), TYPO);
      fs.symlinkSync(path.join(outside, 'real.py'), path.join(dir, 'pkg', 'wf.py'));
      const walked = runCli(fix, { cwd: dir });
      expect(walked.stderr).toBe('');
      expect(walked.stdout).toBe('Fixed 1 finding; nothing left.\n');
      expect(fs.lstatSync(path.join(dir, 'pkg', 'wf.py')).isSymbolicLink()).toBe(true);
      expect(fs.readFileSync(path.join(outside, 'real.py'), 'utf8')).toBe(FIXED);

      fs.writeFileSync(path.join(outside, 'real.py'), TYPO);
      fs.symlinkSync('pkg/wf.py', path.join(dir, 'link.py')); // a link to a link
      const named = runCli([...fix, 'link.py'], { cwd: dir });
      expect(named).toMatchObject({ code: 0, stderr: '' });
      expect(fs.lstatSync(path.join(dir, 'link.py')).isSymbolicLink()).toBe(true);
      expect(fs.readFileSync(path.join(outside, 'real.py'), 'utf8')).toBe(FIXED);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps inode, hard links, mode and owner; leaves no temp file', () => {
    const dir = tmpProject({ 'wf.py': TYPO });
    try {
      const file = path.join(dir, 'wf.py');
      fs.linkSync(file, path.join(dir, 'other-name.txt'));
      fs.chmodSync(file, 0o604);
      if (asRoot) fs.chownSync(file, 65534, 65534); // another user's file
      const before = fs.statSync(file);
      const r = runCli([...fix, 'wf.py'], { cwd: dir });
      expect(r).toMatchObject({ code: 0, stderr: '', stdout: 'Fixed 1 finding; nothing left.\n' });
      const after = fs.statSync(file);
      expect(fs.readFileSync(file, 'utf8')).toBe(FIXED);
      expect(fs.readFileSync(path.join(dir, 'other-name.txt'), 'utf8')).toBe(FIXED);
      expect({ ino: after.ino, nlink: after.nlink, mode: after.mode, uid: after.uid, gid: after.gid }).toEqual({
        ino: before.ino,
        nlink: 2,
        mode: before.mode,
        uid: before.uid,
        gid: before.gid,
      });
      expect(fs.readdirSync(dir).sort()).toEqual(['other-name.txt', 'wf.py']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a writable file in a read-only folder is fixed (as root: without the capability that writes through chmod)', () => {
    const dir = tmpProject({ 'ro/wf.py': TYPO });
    fs.chmodSync(path.join(dir, 'ro'), 0o555);
    try {
      // Root writes through folder permissions by CAP_DAC_OVERRIDE: drop it
      // (setpriv, util-linux), as the unreadable-folder test in cli-edge does.
      const cmd = asRoot ? 'setpriv' : process.execPath;
      const args = asRoot ? ['--bounding-set=-dac_override', process.execPath, CLI, ...fix, 'ro'] : [CLI, ...fix, 'ro'];
      const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
      expect(r.error, 'running as root needs setpriv (util-linux) to test a read-only folder').toBeUndefined();
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('Fixed 1 finding; nothing left.\n');
      expect(r.status).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'ro', 'wf.py'), 'utf8')).toBe(FIXED);
      expect(fs.readdirSync(path.join(dir, 'ro'))).toEqual(['wf.py']);
    } finally {
      fs.chmodSync(path.join(dir, 'ro'), 0o755);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a write that fails (the file may not grow: ulimit -f) leaves the old text whole and says so', () => {
    // IS502's safe fix wraps a string in a list: the file grows by two bytes,
    // past bash's `ulimit -f 1` (1024 bytes).
    const head = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", packages="pandas")\n';
    const text = head + '#'.repeat(1023 - head.length - 1) + '\n';
    expect(Buffer.byteLength(text)).toBe(1023);
    const dir = tmpProject({ 'wf.py': text });
    try {
      const r = spawnSync('bash', ['-c', `ulimit -f 1; exec "${process.execPath}" "${CLI}" --fix --select IS502 --no-cache wf.py`], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: '1' },
      });
      expect(r.stderr).toMatch(/^imagespec-lint: wf\.py: could not write fixes: EFBIG/);
      expect(fs.readFileSync(path.join(dir, 'wf.py'), 'utf8')).toBe(text);
      expect(r.status).toBe(1);
      // Without the limit the same fix is written.
      expect(runCli(['--fix', '--select', 'IS502', '--no-cache', 'wf.py'], { cwd: dir }).code).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'wf.py'), 'utf8')).toBe(text.replace('packages="pandas"', 'packages=["pandas"]'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writeFileInPlace: grows, shrinks, and writes nothing when the file is no longer what was read', () => {
    const dir = tmpDir();
    try {
      const f = path.join(dir, 'a.py');
      fs.writeFileSync(f, 'abcdef');
      writeFileInPlace(f, Buffer.from('abXdefgh'), Buffer.from('abcdef'));
      expect(fs.readFileSync(f, 'utf8')).toBe('abXdefgh');
      writeFileInPlace(f, Buffer.from('ab'), Buffer.from('abXdefgh'));
      expect(fs.readFileSync(f, 'utf8')).toBe('ab');
      expect(() => writeFileInPlace(f, Buffer.from('zz'), Buffer.from('abcdef'))).toThrow(FileChangedError);
      expect(fs.readFileSync(f, 'utf8')).toBe('ab');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a safe fix edits nothing but what its finding is about', () => {
  it('a module constant other code also uses is not rewritten by --fix (the fix is unsafe); one only ImageSpecs use is', () => {
    const src = [
      'import requests',
      'from flytekit import ImageSpec',
      '',
      'REGISTRY_URL = "https://ghcr.io/acme/"',
      'NAME = "ETL"',
      'SOLO = "https://ghcr.io/solo/"',
      '',
      'image = ImageSpec(name=NAME, registry=REGISTRY_URL)',
      'other = ImageSpec(name="x", registry=SOLO)',
      'again = ImageSpec(name="y", registry=SOLO)',
      'requests.get(REGISTRY_URL + "v2/_catalog")',
      'print(NAME)',
      '',
    ].join('\n');
    const dir = tmpProject({ 'wf.py': src });
    try {
      const shown = runCli(['--select', 'IS101,IS102', '--no-cache'], { cwd: dir });
      expect(shown.stdout).toContain('help: Use `ghcr.io/acme` (changes `REGISTRY_URL`, which other code also uses) (unsafe)');
      expect(shown.stdout).toContain('help: Write `etl` (changes `NAME`, which other code also uses) (unsafe)');
      const r = runCli(['--fix', '--select', 'IS101,IS102', '--no-cache'], { cwd: dir });
      expect(r.stderr).toBe('');
      expect(fs.readFileSync(path.join(dir, 'wf.py'), 'utf8')).toBe(src.replace('SOLO = "https://ghcr.io/solo/"', 'SOLO = "ghcr.io/solo"'));
      // Asked for, the unsafe fixes are applied.
      runCli(['--fix', '--unsafe-fixes', '--select', 'IS101,IS102', '--no-cache'], { cwd: dir });
      const after = fs.readFileSync(path.join(dir, 'wf.py'), 'utf8');
      expect(after).toContain('REGISTRY_URL = "ghcr.io/acme"');
      expect(after).toContain('NAME = "etl"');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--fix --unsafe-fixes creates files only inside the project', () => {
  it('refuses ../.. and absolute paths with a note, creates the one inside', () => {
    const outer = tmpDir();
    try {
      const proj = path.join(outer, 'a', 'proj');
      fs.mkdirSync(path.join(proj, 'sub'), { recursive: true });
      fs.writeFileSync(path.join(proj, 'pyproject.toml'), '[tool.imagespec-lint]\nselect = ["IS401"]\n');
      const abs = path.join(outer, 'abs', 'req.txt');
      const src = [
        'from flytekit import ImageSpec',
        '',
        'a = ImageSpec(name="etl", requirements="../../x/req.txt")',
        `b = ImageSpec(name="etl", requirements="${abs}")`,
        'c = ImageSpec(name="etl", requirements="sub/req.txt")',
        '',
      ].join('\n');
      fs.writeFileSync(path.join(proj, 'sub', 'wf.py'), src);
      const r = runCli(['--fix', '--unsafe-fixes', '--no-cache', '--output-format', 'concise'], { cwd: proj });
      expect(r.stderr).toBe(
        [
          `imagespec-lint: sub/wf.py: refusing to create ${path.join(outer, 'a', 'x', 'req.txt')}: it is outside the project (${proj})`,
          `imagespec-lint: sub/wf.py: refusing to create ${abs}: it is outside the project (${proj})`,
          '',
        ].join('\n'),
      );
      expect(r.stdout).toMatch(/Found 2 errors \(1 fixed\)\.\n$/);
      expect(fs.existsSync(path.join(proj, 'sub', 'sub', 'req.txt')) || fs.existsSync(path.join(proj, 'sub', 'req.txt'))).toBe(true);
      expect(fs.readdirSync(outer)).toEqual(['a']);
      expect(fs.readdirSync(path.join(outer, 'a'))).toEqual(['proj']);
      // A folder inside the project that links outside it is outside too.
      fs.rmSync(path.join(proj, 'sub', 'req.txt'), { force: true });
      fs.rmSync(path.join(proj, 'sub', 'sub'), { recursive: true, force: true });
      fs.mkdirSync(path.join(outer, 'elsewhere'));
      fs.symlinkSync(path.join(outer, 'elsewhere'), path.join(proj, 'linked'));
      fs.writeFileSync(path.join(proj, 'sub', 'wf.py'), 'from flytekit import ImageSpec\n\na = ImageSpec(name="etl", requirements="../linked/req.txt")\n');
      const l = runCli(['--fix', '--unsafe-fixes', '--no-cache', '--output-format', 'concise'], { cwd: proj });
      expect(l.stderr).toContain(`refusing to create linked/req.txt: it is outside the project (${proj})`);
      expect(fs.readdirSync(path.join(outer, 'elsewhere'))).toEqual([]);
    } finally {
      fs.rmSync(outer, { recursive: true, force: true });
    }
  });
});

describe('standard input', () => {
  it('--fix --stdin-filename x.py - prints the fixed source; the report goes to stderr; no file is touched', () => {
    const dir = tmpProject({ 'wf.py': 'on disk\n' });
    try {
      const r = runCli(['--fix', '--select', 'IS501', '--stdin-filename', 'wf.py', '-'], { cwd: dir, input: TYPO });
      expect(r).toMatchObject({ code: 0, stdout: FIXED, stderr: 'Fixed 1 finding; nothing left.\n' });
      expect(fs.readFileSync(path.join(dir, 'wf.py'), 'utf8')).toBe('on disk\n');
      // Nothing to fix: the source comes back as it was.
      const clean = runCli(['--fix', '--select', 'IS501', '--stdin-filename', 'wf.py', '-'], { cwd: dir, input: FIXED });
      expect(clean).toMatchObject({ code: 0, stdout: FIXED, stderr: 'All checks passed.\n' });
      // What is left is still reported, and still fails the run.
      const left = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", frobnicate=1)\n';
      const l = runCli(['--fix', '--select', 'IS501', '--output-format', 'concise', '--stdin-filename', 'wf.py', '-'], { cwd: dir, input: left });
      expect(l.code).toBe(1);
      expect(l.stdout).toBe(left);
      expect(l.stderr).toContain('wf.py:3:31: IS501');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--stdin-filename without "-" (or "-" beside other paths) is a usage error', () => {
    const dir = tmpProject({ 'wf.py': TYPO });
    try {
      const r = runCli(['--stdin-filename', 'wf.py'], { cwd: dir, input: TYPO });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('--stdin-filename lints standard input: give "-" as the only PATH');
      const both = runCli(['wf.py', '-'], { cwd: dir, input: TYPO });
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('"-" (standard input) must be the only PATH');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('legacy encodings', () => {
  it('a pure-ASCII file declaring cp1252 is fixed; so is one with cp1252 bytes, which stay cp1252', () => {
    const ascii = '# -*- coding: cp1252 -*-\n' + TYPO;
    const dir = tmpProject({ 'ascii.py': ascii });
    try {
      const bytes = Buffer.concat([Buffer.from('# -*- coding: cp1252 -*-\nfrom flytekit import ImageSpec\nimage = ImageSpec(name="caf'), Buffer.from([0xe9, 0x80]), Buffer.from('", pacakges=[])\n')]);
      fs.writeFileSync(path.join(dir, 'cp.py'), bytes);
      const r = runCli(fix, { cwd: dir });
      expect(r).toMatchObject({ code: 0, stderr: '', stdout: 'Fixed 2 findings; nothing left.\n' });
      expect(fs.readFileSync(path.join(dir, 'ascii.py'), 'latin1')).toBe(ascii.replace('pacakges', 'packages'));
      expect(fs.readFileSync(path.join(dir, 'cp.py'))).toEqual(Buffer.from(bytes.toString('latin1').replace('pacakges', 'packages'), 'latin1'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
