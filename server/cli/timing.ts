// IMAGESPEC_TIMING=1: the CLI prints when each phase ended (ms since the
// process started) to stderr. For the bench's breakdown and for anyone
// chasing start-up time; a no-op otherwise.

import type { Performance } from 'node:perf_hooks';

const on = !!process.env.IMAGESPEC_TIMING;
const marks: string[] = [];
// Loaded only when timing is on: node:perf_hooks costs start-up time itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when timing is on
const perf = (): Performance => (require('node:perf_hooks') as typeof import('node:perf_hooks')).performance;

export function mark(phase: string): void {
  if (on) marks.push(`${phase} ${perf().now().toFixed(1)}`);
}

export function printMarks(write: (s: string) => void): void {
  if (on) write(`imagespec-lint timing (ms since start): bootstrap ${perf().nodeTiming.bootstrapComplete.toFixed(1)}, ${marks.join(', ')}\n`);
}
