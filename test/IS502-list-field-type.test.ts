import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';
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
