import { describe, expect, it } from 'vitest';
import { allowsMinor, scriptPythonProblem } from '../rules/IS710-uv-script-python';
import { applyFix, covered, lintSource, only } from './helpers/lint';

describe('IS710 uv script requires-python: pure check', () => {
  it('reads the specifiers scripts use', () => {
    expect(allowsMinor('==3.13', 3, 13)).toBe(true);
    expect(allowsMinor('==3.13', 3, 12)).toBe(false);
    expect(allowsMinor('>=3.12', 3, 11)).toBe(false);
    expect(allowsMinor('>=3.10,<3.13', 3, 13)).toBe(false);
    expect(allowsMinor('>=3.10, <3.13', 3, 12)).toBe(true);
    expect(allowsMinor('==3.12.*', 3, 12)).toBe(true);
    expect(allowsMinor('~=3.11', 3, 13)).toBe(true);
    expect(allowsMinor('~=3.11.2', 3, 12)).toBe(false);
    expect(allowsMinor('>3.12', 3, 12)).toBe(true); // 3.12.1
    expect(allowsMinor('>=3.12rc1', 3, 12)).toBeUndefined();
  });

  it('judges python_version, or its absence, against the header', () => {
    expect(scriptPythonProblem('==3.13', [3, 12])).toEqual({ kind: 'excluded', requires: '==3.13', given: [3, 12], suggest: [3, 13] });
    expect(scriptPythonProblem('==3.13', [3, 13])).toBeUndefined();
    expect(scriptPythonProblem('==3.13', undefined)).toEqual({ kind: 'unset', requires: '==3.13', suggest: [3, 13] });
    expect(scriptPythonProblem('>=3.10', undefined)).toBeUndefined();
    expect(scriptPythonProblem('>=3.12', undefined)).toBeUndefined();
    expect(scriptPythonProblem('>=3.14', undefined)).toEqual({ kind: 'unset', requires: '>=3.14', suggest: [3, 14] });
    expect(scriptPythonProblem('<3.10', undefined)).toEqual({ kind: 'unset', requires: '<3.10', suggest: undefined });
    expect(scriptPythonProblem('>=3.12,<=3.x', undefined)).toBeUndefined();
  });
});

const HEAD = 'import flyte\n';
const SCRIPT = '# /// script\n# requires-python = "==3.13"\n# dependencies = ["httpx"]\n# ///\nimport httpx\n';

describe('IS710 through the linter', () => {
  it('reports a python_version the script excludes, and sets the one it allows', () => {
    const src = HEAD + 'image = flyte.Image.from_uv_script("agent.py", name="agent", python_version=(3, 12))\n';
    const out = lintSource(src, { select: ['IS710'], files: { 'agent.py': SCRIPT } });
    const [f] = only(out, 'IS710');
    expect(covered(out, f)).toBe('(3, 12)');
    expect(f.message).toBe(
      "The script requires Python `==3.13`, but the image is built for Python 3.12: flyte ignores requires-python, so uv cannot install the script's dependencies: set `python_version=(3, 13)`",
    );
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = flyte.Image.from_uv_script("agent.py", name="agent", python_version=(3, 13))\n');
    const unset = lintSource(HEAD + 'image = flyte.Image.from_uv_script("agent.py", name="agent")\n', { select: ['IS710'], files: { 'agent.py': SCRIPT } });
    expect(applyFix(unset, only(unset, 'IS710')[0].fixes[0])).toBe(HEAD + 'image = flyte.Image.from_uv_script("agent.py", name="agent", python_version=(3, 13))\n');
  });

  it('stays silent when the version fits or the script is missing (near-miss)', () => {
    const ok = lintSource(HEAD + 'image = flyte.Image.from_uv_script("agent.py", name="agent", python_version=(3, 13))\n', { select: ['IS710'], files: { 'agent.py': SCRIPT } });
    expect(only(ok, 'IS710')).toEqual([]);
    expect(only(lintSource(HEAD + 'image = flyte.Image.from_uv_script("agent.py", name="agent")\n', { select: ['IS710'] }), 'IS710')).toEqual([]);
  });
});
