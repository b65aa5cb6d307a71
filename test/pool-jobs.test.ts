// How many threads a cold CLI run lints with (server/workspace/pool.ts jobsWanted):
// IMAGESPEC_JOBS when set, else one per idle CPU (two on an idle machine of
// two CPUs: with the CLI's interrupt budget a worker pays there too); and the language server's
// workspace lint (server/lsp/workspaceScan.ts workspaceJobs): the same with
// one CPU left to the editor, at most 4.

import * as os from 'node:os';
import { describe, expect, it } from 'vitest';
import { jobsWanted } from '../server/workspace/pool';
import { workspaceJobs } from '../server/lsp/workspaceScan';

const cpus = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;

describe('jobsWanted', () => {
  it('IMAGESPEC_JOBS decides when set, whatever the load', () => {
    expect(jobsWanted({ IMAGESPEC_JOBS: '3' }, 100)).toBe(3);
    expect(jobsWanted({ IMAGESPEC_JOBS: '1' }, 0)).toBe(1);
  });

  it('otherwise one thread per idle CPU, at least one', () => {
    expect(jobsWanted({}, 0, 8)).toBe(8);
    expect(jobsWanted({}, 13, 8)).toBe(1);
    expect(jobsWanted({}, 7, 8)).toBe(2);
    expect(jobsWanted({}, 2.2, 4)).toBe(3);
  });

  it('two CPUs: a worker when the machine is idle, none when another process keeps a core busy; one CPU: none', () => {
    expect(jobsWanted({}, 0, 2)).toBe(2);
    expect(jobsWanted({}, 0.4, 2)).toBe(2);
    expect(jobsWanted({}, 1.6, 2)).toBe(1);
    expect(jobsWanted({}, 0, 1)).toBe(1);
    expect(jobsWanted({ IMAGESPEC_JOBS: '2' }, 0, 2)).toBe(2);
  });

  it('reads this machine when not told', () => {
    expect(jobsWanted({}, 0)).toBe(jobsWanted({}, 0, cpus));
  });
});

describe('workspaceJobs (the language server)', () => {
  it('IMAGESPEC_JOBS decides when set', () => {
    expect(workspaceJobs({ IMAGESPEC_JOBS: '3' }, 3, 2)).toBe(3);
    expect(workspaceJobs({ IMAGESPEC_JOBS: '1' }, 1, 16)).toBe(1);
  });

  it('otherwise the idle CPUs less one left to the editor, at most 4, at least 1', () => {
    expect(workspaceJobs({}, 2, 2)).toBe(1); // this 2-core machine, idle: no pool
    expect(workspaceJobs({}, 1, 2)).toBe(1);
    expect(workspaceJobs({}, 4, 4)).toBe(3);
    expect(workspaceJobs({}, 2, 4)).toBe(2); // two CPUs busy elsewhere
    expect(workspaceJobs({}, 16, 16)).toBe(4);
    expect(workspaceJobs({ IMAGESPEC_JOBS: 'x' }, 8, 8)).toBe(4);
  });
});
