// Runs the built CLI as a user would: a child process in a folder.

import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'bin', 'imagespec-lint.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `cli`: another imagespec-lint bin (an installed package's) instead of this checkout's. */
export function runCli(args: string[], opts: { cwd: string; env?: Record<string, string>; input?: string; cli?: string }): CliResult {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), NO_COLOR: '1', METADATA_SERVER_DETECTION: 'none', ...opts.env };
  delete env.IMAGESPEC_DATAPLANE_REGION;
  if (opts.env?.IMAGESPEC_DATAPLANE_REGION) env.IMAGESPEC_DATAPLANE_REGION = opts.env.IMAGESPEC_DATAPLANE_REGION;
  const r = spawnSync(process.execPath, [opts.cli ?? CLI, ...args], { cwd: opts.cwd, env, input: opts.input ?? '', encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same, spawned asynchronously: needed when the test process itself
 * serves something the CLI talks to (the local Artifact Registry), which a
 * synchronous spawn would block.
 */
export function runCliAsync(args: string[], opts: { cwd: string; env?: Record<string, string>; cli?: string }): Promise<CliResult> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), NO_COLOR: '1', METADATA_SERVER_DETECTION: 'none', ...opts.env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [opts.cli ?? CLI, ...args], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
