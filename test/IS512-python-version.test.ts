import { describe, expect, it } from 'vitest';
import { applyFix, covered, lintSource, only } from './helpers/lint';
import { LineIndex, type Range } from '../server/model/position';

const H = 'from flytekit import ImageSpec\n';
const lint = (src: string, file?: string) => lintSource(src, { file, select: ['IS512'] });
function rangeOf(text: string, needle: string, from = 0): Range {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`${needle} not in text`);
  const idx = new LineIndex(text);
  return { start: idx.positionAt(i), end: idx.positionAt(i + needle.length) };
}

describe('IS512 python_version', () => {
  it('reports the float literal 3.10 and quotes it as written', () => {
    const src = `${H}img = ImageSpec(name="etl", python_version=3.10)\n`;
    const out = lint(src);
    const [f] = only(out, 'IS512');
    expect(only(out, 'IS512')).toHaveLength(1);
    expect(f.severity).toBe('error');
    expect(f.range).toEqual(rangeOf(src, '3.10'));
    expect(covered(out, f)).toBe('3.10');
    expect(f.message).toBe('python_version is the number 3.10, which Python reads as the float 3.1: flytekit asks for Python 3.1 and the build fails. Write it as a string: "3.10"');
    expect(f.fixes).toHaveLength(1);
    expect(f.fixes[0]).toMatchObject({ preferred: true, safe: true });
    expect(applyFix(out, f.fixes[0])).toBe(`${H}img = ImageSpec(name="etl", python_version="3.10")\n`);
  });

  it('reports a float that survives (3.11) too, with the same fix', () => {
    const src = `${H}img = ImageSpec(python_version=3.11)\n`;
    const out = lint(src);
    const [f] = only(out, 'IS512');
    expect(f.message).toBe('python_version is the number 3.11, not a string: it works only while the float prints the same (3.10 would become 3.1). Write it as a string: "3.11"');
    expect(applyFix(out, f.fixes[0])).toBe(`${H}img = ImageSpec(python_version="3.11")\n`);
  });

  it('reports an integer without a fix', () => {
    const out = lint(`${H}img = ImageSpec(python_version=3)\n`);
    const [f] = only(out, 'IS512');
    expect(covered(out, f)).toBe('3');
    expect(f.fixes).toEqual([]);
    expect(f.message).toBe('python_version is the integer 3, not a version string: flytekit needs a string "X.Y" such as "3.11" and the build fails with 3. Write the version as a quoted string');
  });

  it('reports a malformed string inside the quotes, fixing an obvious prefix', () => {
    const src = `${H}img = ImageSpec(python_version="python3.11")\n`;
    const out = lint(src);
    const [f] = only(out, 'IS512');
    expect(f.range).toEqual(rangeOf(src, 'python3.11'));
    expect(f.message).toBe('python_version "python3.11" is not a Python version of the form X.Y or X.Y.Z such as "3.11": the builder installs `python=python3.11`, which does not resolve, and the build fails; use "3.11"');
    expect(f.fixes[0]).toMatchObject({ preferred: true, safe: false });
    expect(applyFix(out, f.fixes[0])).toBe(`${H}img = ImageSpec(python_version="3.11")\n`);
    const x = lint(`${H}img = ImageSpec(python_version="3.x")\n`);
    expect(only(x, 'IS512')[0].fixes).toEqual([]);
  });

  it('names the env default a malformed version comes from', () => {
    const src = `import os\n${H}img = ImageSpec(python_version=os.getenv("PY", "3"))\n`;
    const out = lint(src);
    const [f] = only(out, 'IS512');
    expect(f.message).toContain('python_version "3" (the default of $PY) is not a Python version');
    expect(covered(out, f)).toBe('os.getenv("PY", "3")');
  });

  it('reports a non-string, non-number value', () => {
    const out = lint(`${H}img = ImageSpec(python_version=["3.11"])\n`);
    const [f] = only(out, 'IS512');
    expect(covered(out, f)).toBe('["3.11"]');
    expect(f.message).toBe('python_version must be a version string such as "3.11", not a list: the build fails. Write the version as a quoted string');
  });

  it('is clean for X.Y and X.Y.Z strings, None, an empty string and no python_version', () => {
    for (const v of ['"3.11"', "'3.10.14'", 'None', '""']) {
      expect(only(lint(`${H}img = ImageSpec(python_version=${v})\n`), 'IS512'), v).toEqual([]);
    }
    expect(only(lint(`${H}img = ImageSpec(name="etl")\n`), 'IS512')).toEqual([]);
  });

  it('stays silent on unknown values', () => {
    expect(only(lint(`${H}import sys\nimg = ImageSpec(python_version=f"{sys.version_info.major}.{sys.version_info.minor}")\n`), 'IS512')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(python_version=get_version())\n`), 'IS512')).toEqual([]);
  });

  it('offers no literal rewrite when the number comes from a constant', () => {
    const src = `${H}PY = 3.10\nimg = ImageSpec(python_version=PY)\n`;
    const out = lint(src);
    const [f] = only(out, 'IS512');
    expect(f.message).toContain('the float 3.1');
    expect(f.fixes).toEqual([]);
  });

  it('YAML: python_version: 3.10 is the float 3.1, fixed to the quoted string', () => {
    const src = 'name: etl\npython_version: 3.10\n';
    const out = lint(src, 'spec.yaml');
    const [f] = only(out, 'IS512');
    expect(f.range).toEqual({ start: { line: 1, character: 16 }, end: { line: 1, character: 20 } });
    expect(f.message).toBe('python_version is the number 3.10, which YAML reads as the float 3.1: flytekit asks for Python 3.1 and the build fails. Write it as a string: "3.10"');
    expect(applyFix(out, f.fixes[0])).toBe('name: etl\npython_version: "3.10"\n');
    expect(only(lint('python_version: "3.10"\n', 'spec.yaml'), 'IS512')).toEqual([]);
    expect(only(lint("python_version: '3.12'\n", 'spec.yml'), 'IS512')).toEqual([]);
    expect(only(lint('python_version: 3.10.4\n', 'spec.yaml'), 'IS512')).toEqual([]);
  });

  it('YAML: a malformed plain string is underlined and rewritten in place', () => {
    const src = 'python_version: py3.11  # comment\n';
    const out = lint(src, 'spec.yaml');
    const [f] = only(out, 'IS512');
    expect(covered(out, f)).toBe('py3.11');
    expect(applyFix(out, f.fixes[0])).toBe('python_version: "3.11"  # comment\n');
  });
});
