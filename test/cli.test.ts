import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { CLI, runCli } from './helpers/cli';
import { tmpProject } from './helpers/lint';

const TYPO = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", pacakges=["pandas"])\n';
const CLEAN = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", packages=["pandas"], registry="ghcr.io/acme")\n';

describe('CLI', () => {
  it('prints location, source line, carets and help, and exits 1 on an error', () => {
    const dir = tmpProject({ 'wf.py': TYPO });
    const r = runCli(['--select', 'IS501'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'wf.py:3:31: IS501 ImageSpec has no field `pacakges`: importing this module raises TypeError; did you mean `packages`?',
        '  |',
        '3 | image = ImageSpec(name="etl", pacakges=["pandas"])',
        '  |                               ^^^^^^^^ error',
        '  help: Rename to `packages`',
        '',
        'Found 1 error.',
        '1 fixable with `--fix`.',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
  });

  it('exits 0 on a clean project and with --exit-zero', () => {
    const dir = tmpProject({ 'wf.py': CLEAN, 'bad/wf.py': TYPO });
    expect(runCli(['wf.py', '--select', 'IS501'], { cwd: dir })).toMatchObject({ code: 0, stdout: 'All checks passed.\n' });
    expect(runCli(['--select', 'IS501', '--exit-zero'], { cwd: dir }).code).toBe(0);
  });

  it('--fix rewrites only the edited bytes, atomically, and reports what is left', () => {
    const before = '# -*- keep me -*-\r\nfrom flytekit import ImageSpec\r\n\r\nimage = ImageSpec(name="etl", pacakges=["pandas"])  # trailing\r\n';
    const dir = tmpProject({ 'wf.py': before });
    fs.chmodSync(path.join(dir, 'wf.py'), 0o640);
    const r = runCli(['--fix', '--select', 'IS501'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Fixed 1 finding; nothing left.\n');
    const after = fs.readFileSync(path.join(dir, 'wf.py'), 'utf8');
    expect(after).toBe(before.replace('pacakges', 'packages'));
    expect(fs.statSync(path.join(dir, 'wf.py')).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir)).toEqual(['wf.py']);
  });

  it('reports a read-only file instead of writing it', () => {
    const dir = tmpProject({ 'wf.py': TYPO });
    fs.chmodSync(path.join(dir, 'wf.py'), 0o444);
    const r = runCli(['--fix', '--select', 'IS501'], { cwd: dir });
    expect(r.stderr).toContain('wf.py: read-only, fixes not written');
    expect(fs.readFileSync(path.join(dir, 'wf.py'), 'utf8')).toBe(TYPO);
    expect(r.code).toBe(1);
  });

  it('honours .gitignore, exclude and inline suppressions', () => {
    const dir = tmpProject({
      '.gitignore': 'generated/\n',
      'generated/wf.py': TYPO,
      'vendor/wf.py': TYPO,
      'pyproject.toml': '[tool.imagespec-lint]\nexclude = ["vendor/"]\n',
      'ok.py': TYPO.replace('])\n', '])  # imagespec: ignore[IS501]\n'),
    });
    const r = runCli(['--select', 'IS501'], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: 'All checks passed.\n' });
  });

  it('a bad config is exit 2 with file, key and line, never a stack trace', () => {
    const dir = tmpProject({ 'wf.py': CLEAN, 'pyproject.toml': '[project]\nname = "x"\n\n[tool.imagespec-lint]\nselect = ["IS1"]\ndeep = "sometimes"\n' });
    const r = runCli([], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('imagespec-lint: invalid configuration: pyproject.toml:6: tool.imagespec-lint.deep: expected "auto", true or false, got "sometimes"\n');
    const broken = tmpProject({ 'wf.py': CLEAN, 'imagespec-lint.toml': 'select = [\n' });
    const b = runCli([], { cwd: broken });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^imagespec-lint: invalid configuration: imagespec-lint\.toml:\d+: not valid TOML: /);
    expect(b.stderr).not.toContain('    at ');
  });

  it('usage errors exit 2', () => {
    const dir = tmpProject({ 'wf.py': CLEAN });
    expect(runCli(['--bogus'], { cwd: dir }).code).toBe(2);
    expect(runCli(['--select', 'XYZ'], { cwd: dir })).toMatchObject({ code: 2 });
    expect(runCli(['missing.py'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'imagespec-lint: no such file or folder: missing.py\n' });
  });

  it('skips binary and non-UTF-8 files with a note and keeps going', () => {
    const dir = tmpProject({ 'wf.py': TYPO });
    fs.writeFileSync(path.join(dir, 'bin.py'), Buffer.from('ImageSpec\0\0\0'));
    fs.writeFileSync(path.join(dir, 'latin.py'), Buffer.concat([Buffer.from('x = "caf'), Buffer.from([0xe9]), Buffer.from('"\nImageSpec(name="x")\n')]));
    fs.writeFileSync(path.join(dir, 'declared.py'), Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nfrom flytekit import ImageSpec\nx = ImageSpec(name="caf'), Buffer.from([0xe9]), Buffer.from('", pacakges=[])\n')]));
    const r = runCli(['--select', 'IS501', '--output-format', 'concise'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bin.py: skipped, binary file (contains NUL bytes)');
    expect(r.stderr).toContain('latin.py: skipped, not valid UTF-8 and no coding declaration (Python cannot import it either)');
    expect(r.stdout).toContain('declared.py:3:28: IS501 [error] ImageSpec has no field `pacakges`');
    expect(r.stdout).toContain('wf.py:3:31: IS501 [error]');
  });

  it('--list-rules and --explain print the catalog', () => {
    const dir = tmpProject({});
    const list = runCli(['--list-rules'], { cwd: dir });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^IS000 {2}W {2}unused-suppression/m);
    expect(list.stdout).toMatch(/^IS501 {2}E {2}unknown-keyword +Keyword that ImageSpec does not accept/m);
    const ex = runCli(['--explain', 'is501'], { cwd: dir });
    expect(ex.code).toBe(0);
    expect(ex.stdout).toContain('# IS501 unknown-keyword (error)');
    expect(ex.stdout).toContain('image = ImageSpec(name="etl", pacakges=["pandas"])');
    expect(runCli(['--explain', 'IS999'], { cwd: dir }).code).toBe(2);
  });

  it('lints standard input under --stdin-filename', () => {
    const dir = tmpProject({});
    const r = runCli(['-', '--stdin-filename', 'wf.py', '--select', 'IS501', '--output-format', 'concise'], { cwd: dir, input: TYPO });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe('wf.py:3:31: IS501 [error] ImageSpec has no field `pacakges`: importing this module raises TypeError; did you mean `packages`?');
  });
});

describe('CLI output into a closed pipe', () => {
  it('stops quietly when the reader goes away (imagespec-lint | head -1)', () => {
    // Far more output than a pipe buffer holds, so the writer meets EPIPE.
    const dir = tmpProject({ 'wf.py': 'from flytekit import ImageSpec\n' + 'x = ImageSpec(name="etl", pacakges=["pandas"])\n'.repeat(2000) });
    const r = spawnSync('bash', ['-c', `node "${CLI}" --select IS501 . | head -1; echo "status=\${PIPESTATUS[0]}"`], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('wf.py:2:27: IS501 ImageSpec has no field `pacakges`: importing this module raises TypeError; did you mean `packages`?\nstatus=1\n');
  });
});
