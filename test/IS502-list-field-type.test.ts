import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only, tmpProject } from './helpers/lint';
import { runCli } from './helpers/cli';
import { LineIndex, type Range } from '../server/model/position';

const H = 'from flytekit import ImageSpec\n';
const lint = (src: string, file?: string) => lintSource(src, { file, select: ['IS502'] });
function rangeOf(text: string, needle: string): Range {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not in text`);
  const idx = new LineIndex(text);
  return { start: idx.positionAt(i), end: idx.positionAt(i + needle.length) };
}

describe('IS502 list-of-strings field type', () => {
  it('packages="requirements.txt": preferred fix moves it to requirements=', () => {
    const src = `${H}img = ImageSpec(name="etl", packages="requirements.txt")\n`;
    const out = lint(src);
    const fs = only(out, 'IS502');
    expect(fs).toHaveLength(1);
    const [f] = fs;
    expect(f.severity).toBe('error');
    expect(f.range).toEqual(rangeOf(src, '"requirements.txt"'));
    expect(f.message).toBe(
      '`packages` takes a list of strings, not the string "requirements.txt": ImageSpec raises ValueError ("packages must be a list of strings or None") when the module is imported. "requirements.txt" looks like a requirements file: pass it as `requirements=`',
    );
    expect(f.fixes.map((x) => [x.title, x.preferred, x.safe])).toEqual([
      ['Use `requirements=` for the file', true, true],
      ['Wrap in a list', false, false],
    ]);
    expect(applyFix(out, f.fixes[0])).toBe(`${H}img = ImageSpec(name="etl", requirements="requirements.txt")\n`);
    expect(applyFix(out, f.fixes[1])).toBe(`${H}img = ImageSpec(name="etl", packages=["requirements.txt"])\n`);
  });

  it('does not offer requirements= when it is already set', () => {
    const out = lint(`${H}img = ImageSpec(requirements="a.txt", packages="b.txt")\n`);
    const [f] = only(out, 'IS502');
    expect(f.fixes.map((x) => x.title)).toEqual(['Wrap in a list']);
    expect(f.fixes[0].preferred).toBe(true);
  });

  it('wraps a bare package string in a list, keeping the source text (constants too)', () => {
    const src = `${H}GIT = "git"\nimg = ImageSpec(apt_packages=GIT, commands='echo hi')\n`;
    const out = lint(src);
    const fs = only(out, 'IS502');
    expect(fs.map((f) => covered(out, f))).toEqual(['GIT', "'echo hi'"]);
    expect(fs[0].message).toBe('`apt_packages` takes a list of strings, not the string "git": ImageSpec raises ValueError ("apt_packages must be a list of strings or None") when the module is imported; wrap it in a list: [GIT]');
    expect(fs[0].fixes).toHaveLength(1);
    expect(fs[0].fixes[0]).toMatchObject({ title: 'Wrap in a list', preferred: true, safe: true });
    expect(applyFix(out, fs[0].fixes[0])).toBe(`${H}GIT = "git"\nimg = ImageSpec(apt_packages=[GIT], commands='echo hi')\n`);
    expect(applyFix(out, fs[1].fixes[0])).toBe(`${H}GIT = "git"\nimg = ImageSpec(apt_packages=GIT, commands=['echo hi'])\n`);
  });

  it('a string in copy (not checked by __post_init__) says it is iterated', () => {
    const out = lint(`${H}img = ImageSpec(copy="src")\n`);
    const [f] = only(out, 'IS502');
    expect(f.message).toBe('`copy` takes a list of strings, not the string "src": flytekit iterates it expecting strings, so the build fails; wrap it in a list: ["src"]');
  });

  it('a tuple in a checked field: make it a list', () => {
    const src = `${H}img = ImageSpec(packages=("pandas", "numpy"))\n`;
    const out = lint(src);
    const [f] = only(out, 'IS502');
    expect(covered(out, f)).toBe('("pandas", "numpy")');
    expect(f.message).toBe('`packages` takes a list of strings, not a tuple: ImageSpec raises ValueError ("packages must be a list of strings or None") when the module is imported; use a list [...]');
    expect(f.fixes[0]).toMatchObject({ title: 'Make it a list', preferred: true, safe: true });
    expect(applyFix(out, f.fixes[0])).toBe(`${H}img = ImageSpec(packages=["pandas", "numpy"])\n`);
    // copy accepts any sequence of strings
    expect(only(lint(`${H}img = ImageSpec(copy=("a", "b"))\n`), 'IS502')).toEqual([]);
  });

  it('a non-string item is underlined alone', () => {
    const src = `${H}img = ImageSpec(packages=["pandas", 2, None])\n`;
    const out = lint(src);
    const [f] = only(out, 'IS502');
    expect(f.range).toEqual(rangeOf(src, '2'));
    expect(f.message).toBe('`packages` takes a list of strings, but this item is the number 2: ImageSpec raises ValueError ("packages must be a list of strings or None") when the module is imported. Quote it or remove it');
    expect(f.fixes).toEqual([]);
  });

  it('a number or dict for a list field', () => {
    const out = lint(`${H}img = ImageSpec(entrypoint={"a": "b"}, commands=3)\n`);
    expect(only(out, 'IS502').map((f) => [covered(out, f), f.message.split(':')[0]])).toEqual([
      ['{"a": "b"}', '`entrypoint` takes a list of strings, not a dict'],
      ['3', '`commands` takes a list of strings, not the number 3'],
    ]);
  });

  it('is clean for lists of strings, None and absent fields', () => {
    const src = `${H}img = ImageSpec(packages=["pandas"], apt_packages=None, commands=[], requirements="requirements.txt", name="x")\n`;
    expect(only(lint(src), 'IS502')).toEqual([]);
  });

  it('stays silent on unknown values and unknown items', () => {
    const src = `${H}img = ImageSpec(packages=get_packages(), apt_packages=["git", EXTRA], commands=[*cmds])\n`;
    expect(only(lint(src), 'IS502')).toEqual([]);
  });

  it('YAML: packages: requirements.txt renames the key; a plain string is wrapped as YAML', () => {
    const src = 'name: etl\npackages: requirements.txt\napt_packages: git\n';
    const out = lint(src, 'spec.yaml');
    const fs = only(out, 'IS502');
    expect(fs.map((f) => [f.range, covered(out, f)])).toEqual([
      [{ start: { line: 1, character: 10 }, end: { line: 1, character: 26 } }, 'requirements.txt'],
      [{ start: { line: 2, character: 14 }, end: { line: 2, character: 17 } }, 'git'],
    ]);
    expect(applyFix(out, fs[0].fixes[0])).toBe('name: etl\nrequirements: requirements.txt\napt_packages: git\n');
    expect(applyFix(out, fs[1].fixes[0])).toBe('name: etl\npackages: requirements.txt\napt_packages: [git]\n');
    const q = lint("commands: 'echo hi'\n", 'spec.yaml');
    expect(applyFix(q, only(q, 'IS502')[0].fixes[0])).toBe("commands: ['echo hi']\n");
    const y = lint('packages:\n  - pandas\n  - 1.5\n', 'spec.yaml');
    expect(only(y, 'IS502').map((f) => covered(y, f))).toEqual(['1.5']);
    expect(only(lint('packages: [pandas]\napt_packages:\n', 'spec.yaml'), 'IS502')).toEqual([]);
  });
});

// flytekit's __post_init__ also checks pip_secret_mounts (1.15.0 on) and
// builder_options (1.15.4 on): issue 16, item 16. Through the built CLI,
// with the project's pinned flytekit deciding.
describe('IS502 pip_secret_mounts and builder_options (CLI)', () => {
  const SRC = [
    'from flytekit import ImageSpec',
    'lists = ImageSpec(name="etl", pip_secret_mounts=[["/run/secrets/pip", "/etc/pip.conf"]])',
    'alone = ImageSpec(name="etl", pip_secret_mounts=("a", "b"))',
    'triple = ImageSpec(name="etl", pip_secret_mounts=[("a", "b", "c")])',
    'opts = ImageSpec(name="etl", builder_options=["x"])',
    'good = ImageSpec(name="etl", pip_secret_mounts=[("a", "b")], builder_options={"x": 1})',
    'unset = ImageSpec(name="etl", pip_secret_mounts=None, builder_options=None)',
    '',
  ].join('\n');
  const MOUNTS = 'ImageSpec raises ValueError ("pip_secret_mounts must be a list of tuples of two strings or None") when the module is imported';
  const OPTIONS = 'ImageSpec raises ValueError ("builder_options must be a dictionary or None") when the module is imported';

  it('reports what flytekit 1.16 rejects at import, and fixes the shapes it can', () => {
    const dir = tmpProject({ 'wf.py': SRC, 'requirements.txt': 'flytekit==1.16.4\n' });
    const r = runCli(['--select', 'IS502', '--output-format', 'concise'], { cwd: dir });
    expect(r.stdout).toBe(
      [
        `wf.py:2:50: IS502 [error] \`pip_secret_mounts\` takes (local path, mount path) tuples, but this item is a list: ${MOUNTS}; write it as a tuple ("/run/secrets/pip", "/etc/pip.conf")`,
        `wf.py:3:49: IS502 [error] \`pip_secret_mounts\` takes a list of (str, str) tuples, not a tuple: ${MOUNTS}; wrap it in a list: [("a", "b")]`,
        `wf.py:4:51: IS502 [error] \`pip_secret_mounts\` takes (str, str) tuples, but this item is a tuple of 3: ${MOUNTS}`,
        `wf.py:5:46: IS502 [error] \`builder_options\` takes a dict of options, not a list: ${OPTIONS}`,
        'Found 4 errors.',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(1);
    const fixed = runCli(['--select', 'IS502', '--fix', '--output-format', 'concise'], { cwd: dir });
    expect(fixed.code).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'wf.py'), 'utf8').split('\n').slice(1, 3)).toEqual([
      'lists = ImageSpec(name="etl", pip_secret_mounts=[("/run/secrets/pip", "/etc/pip.conf")])',
      'alone = ImageSpec(name="etl", pip_secret_mounts=[("a", "b")])',
    ]);
  });

  it('follows the pinned release: 1.15.3 checks pip_secret_mounts only, 1.14 neither (IS501 says the fields do not exist)', () => {
    const r153 = runCli(['--select', 'IS502', '--output-format', 'concise'], { cwd: tmpProject({ 'wf.py': SRC, 'requirements.txt': 'flytekit==1.15.3\n' }) });
    expect(r153.stdout.split('\n').map((l) => l.split(' IS502')[0])).toEqual(['wf.py:2:50:', 'wf.py:3:49:', 'wf.py:4:51:', 'Found 3 errors.', '']);
    const r14 = runCli(['--select', 'IS502'], { cwd: tmpProject({ 'wf.py': SRC, 'requirements.txt': 'flytekit==1.14.6\n' }) });
    expect(r14).toMatchObject({ code: 0, stdout: 'All checks passed.\n' });
  });

  it('reports pip_secret_mounts in a YAML spec, which cannot hold tuples, and a non-dict builder_options', () => {
    const dir = tmpProject({ 'spec.yaml': 'name: etl\npip_secret_mounts: [["a", "b"]]\nbuilder_options: [x]\n', 'pyproject.toml': '[tool.imagespec-lint]\nspecs = ["*.yaml"]\n' });
    const r = runCli(['--select', 'IS502', '--output-format', 'concise'], { cwd: dir });
    const when = 'when `pyflyte run --image` creates `ImageSpec(**spec)` from this file';
    expect(r.stdout).toBe(
      [
        `spec.yaml:2:20: IS502 [error] \`pip_secret_mounts\` takes a list of (str, str) tuples, and YAML has no tuples (flytekit reads the file with yaml.safe_load, which gives lists): ImageSpec raises ValueError ("pip_secret_mounts must be a list of tuples of two strings or None") ${when}. Set it on an ImageSpec in Python instead`,
        `spec.yaml:3:18: IS502 [error] \`builder_options\` takes a dict of options, not a list: ImageSpec raises ValueError ("builder_options must be a dictionary or None") ${when}`,
        'Found 2 errors.',
        '',
      ].join('\n'),
    );
  });
});
