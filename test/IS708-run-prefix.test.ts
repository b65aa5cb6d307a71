import { describe, expect, it } from 'vitest';
import { runProblems } from '../rules/IS708-run-prefix';
import { bound, call } from './helpers/flyteChain';
import { applyFix, covered, lintSource, only } from './helpers/lint';

describe('IS708 RUN prefix: pure check', () => {
  it('finds commands starting with RUN, in a list or alone', () => {
    const [, c] = bound(call('from_debian_base'), call('with_commands', [['apt-get update', 'RUN pip install x', 'run  ls']]));
    expect(runProblems(c)).toMatchObject([
      { item: 1, command: 'RUN pip install x', fixed: 'pip install x' },
      { item: 2, fixed: 'ls' },
    ]);
    expect(runProblems(bound(call('from_debian_base'), call('with_commands', ['RUN ls']))[1])).toMatchObject([{ item: undefined, fixed: 'ls' }]);
  });
  it('is silent on commands that merely contain RUN', () => {
    expect(runProblems(bound(call('from_debian_base'), call('with_commands', [['RUNNER=1 ./go', 'echo RUN x', 'RUN']]))[1])).toEqual([]);
  });
});

const HEAD = 'import flyte\n';

describe('IS708 through the linter', () => {
  it('reports the command and drops the RUN', () => {
    const src = HEAD + 'image = flyte.Image.from_debian_base(name="etl").with_commands(["apt-get update", "RUN pip install x"])\n';
    const out = lintSource(src, { select: ['IS708'] });
    const [f] = only(out, 'IS708');
    expect(f.severity).toBe('warning');
    expect(covered(out, f)).toBe('"RUN pip install x"');
    expect(applyFix(out, f.fixes[0])).toBe(HEAD + 'image = flyte.Image.from_debian_base(name="etl").with_commands(["apt-get update", "pip install x"])\n');
  });

  it('stays silent on a command that only mentions RUN (near-miss)', () => {
    expect(only(lintSource(HEAD + 'i = flyte.Image.from_debian_base(name="etl").with_commands(["RUNNER=1 ./go"])\n', { select: ['IS708'] }), 'IS708')).toEqual([]);
  });
});
