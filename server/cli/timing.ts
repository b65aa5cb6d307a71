// IMAGESPEC_TIMING=1: the CLI prints when each phase ended (ms since the
// process started) to stderr. For the bench's breakdown and for anyone
// chasing start-up time; a no-op otherwise. IMAGESPEC_TIMING=cpu prints the
// process's CPU time (user + system, all threads) at each phase instead:
// on a busy machine it varies far less than the clock.

import type { Performance } from 'node:perf_hooks';

const on = !!process.env.IMAGESPEC_TIMING;
const cpu = process.env.IMAGESPEC_TIMING === 'cpu';
const marks: string[] = [];
// Loaded only when timing is on: node:perf_hooks costs start-up time itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when timing is on
const perf = (): Performance => (require('node:perf_hooks') as typeof import('node:perf_hooks')).performance;

function now(): string {
  if (!cpu) return perf().now().toFixed(1);
  const u = process.cpuUsage();
  return ((u.user + u.system) / 1000).toFixed(1);
}

export function mark(phase: string): void {
  if (on) marks.push(`${phase} ${now()}`);
}

export function printMarks(write: (s: string) => void): void {
  if (on) write(`imagespec-lint timing (${cpu ? 'CPU ms' : 'ms since start'}): ${cpu ? '' : `bootstrap ${perf().nodeTiming.bootstrapComplete.toFixed(1)}, `}${marks.join(', ')}\n`);
}
