import { describe, expect, it } from 'vitest';
import { covered, lintSource, only } from './helpers/lint';

const H = 'from flytekit import ImageSpec\n';
const lint = (src: string, opts: { file?: string; files?: Record<string, string> } = {}) => lintSource(src, { ...opts, select: ['IS508'] });

describe('IS508 conda with python_exec', () => {
  it('reports each conda field, underlining the argument', () => {
    const src = `${H}img = ImageSpec(python_exec="/usr/bin/python3", conda_packages=["gdal"], conda_channels=["conda-forge"], builder="default")\n`;
    const out = lint(src);
    const fs = only(out, 'IS508');
    expect(fs.map((f) => covered(out, f))).toEqual(['conda_packages=["gdal"]', 'conda_channels=["conda-forge"]']);
    const pk = fs[0];
    expect(pk.severity).toBe('error');
    expect(pk.range).toEqual({ start: { line: 1, character: 48 }, end: { line: 1, character: 71 } });
    expect(pk.message).toBe(
      '`conda_packages` cannot be combined with python_exec="/usr/bin/python3": the default builder raises ValueError ("conda_packages is not supported with python_exec"). Remove python_exec to let flytekit install Python with conda, or install these with packages= / apt_packages=',
    );
    expect(pk.fixes).toEqual([]);
  });

  it('says when the default builder is implied', () => {
    const out = lint(`${H}img = ImageSpec(python_exec="/x", conda_channels=["nvidia"])\n`);
    expect(only(out, 'IS508')[0].message).toContain('the default builder (no builder is set and the project installs no other) raises ValueError ("conda_channels is not supported with python_exec")');
  });

  it('is clean for empty conda lists, empty python_exec, no python_exec and other builders', () => {
    expect(only(lint(`${H}img = ImageSpec(python_exec="/x", conda_packages=[], conda_channels=None)\n`), 'IS508')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(python_exec="", conda_packages=["gdal"])\n`), 'IS508')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(conda_packages=["gdal"])\n`), 'IS508')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(python_exec="/x", conda_packages=["gdal"], builder="noop")\n`), 'IS508')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(python_exec="/x", conda_packages=["gdal"])\n`, { files: { 'requirements-dev.txt': 'flytekitplugins-envd\n' } }), 'IS508')).toEqual([]);
  });

  it('stays silent on unknown values', () => {
    expect(only(lint(`${H}img = ImageSpec(python_exec=EXEC, conda_packages=["gdal"])\n`), 'IS508')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(python_exec="/x", conda_packages=pkgs())\n`), 'IS508')).toEqual([]);
    expect(only(lint(`${H}img = ImageSpec(python_exec="/x", conda_packages=["gdal"], **kw)\n`), 'IS508')).toEqual([]);
  });

  it('YAML', () => {
    const out = lint('python_exec: /usr/bin/python3\nconda_packages:\n  - gdal\n', { file: 'spec.yaml' });
    const [f] = only(out, 'IS508');
    expect(f.range).toEqual({ start: { line: 1, character: 0 }, end: { line: 2, character: 8 } });
    expect(covered(out, f)).toBe('conda_packages:\n  - gdal');
    expect(only(lint('python_exec: /x\nconda_packages: []\n', { file: 'spec.yaml' }), 'IS508')).toEqual([]);
  });
});
