import { describe, expect, it } from 'vitest';
import { allowsMinor, scriptPythonProblem } from '../rules/IS710-uv-script-python';

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
    expect(scriptPythonProblem('>=3.12', undefined)).toEqual({ kind: 'unset', requires: '>=3.12', suggest: [3, 14] });
    expect(scriptPythonProblem('>=3.12,<=3.x', undefined)).toBeUndefined();
  });
});
