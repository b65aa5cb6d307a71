// Runs the built CLI as a user would: a child process in a folder.

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'bin', 'imagespec-lint.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { cwd: string; env?: Record<string, string>; input?: string }): CliResult {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), NO_COLOR: '1', METADATA_SERVER_DETECTION: 'none', ...opts.env };
  delete env.IMAGESPEC_DATAPLANE_REGION;
  if (opts.env?.IMAGESPEC_DATAPLANE_REGION) env.IMAGESPEC_DATAPLANE_REGION = opts.env.IMAGESPEC_DATAPLANE_REGION;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd, env, input: opts.input ?? '', encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
