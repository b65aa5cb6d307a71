// How many threads a cold CLI run lints with (server/workspace/pool.ts jobsWanted):
// IMAGESPEC_JOBS when set, else one per idle CPU.

import * as os from 'node:os';
import { describe, expect, it } from 'vitest';
import { jobsWanted } from '../server/workspace/pool';

const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;

describe('jobsWanted', () => {
  it('IMAGESPEC_JOBS decides when set, whatever the load', () => {
    expect(jobsWanted({ IMAGESPEC_JOBS: '3' }, 100)).toBe(3);
    expect(jobsWanted({ IMAGESPEC_JOBS: '1' }, 0)).toBe(1);
  });

  it('otherwise one thread per idle CPU, at least one', () => {
    expect(jobsWanted({}, 0)).toBe(cpus);
    expect(jobsWanted({}, cpus + 5)).toBe(1);
    expect(jobsWanted({}, cpus - 1)).toBe(Math.min(cpus, 2));
  });
});
