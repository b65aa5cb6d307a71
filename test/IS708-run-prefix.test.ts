import { describe, expect, it } from 'vitest';
import { runProblems } from '../rules/IS708-run-prefix';
import { bound, call } from './helpers/flyteChain';

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
