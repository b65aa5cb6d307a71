// The language server's first lint of a whole workspace (issue 15: "a
// workspace-wide first lint runs on the same pool"): a fresh server with the
// bench tree as its one workspace folder answers `workspace/diagnostic`
// (pull mode), timed from the request to the answer. bench/run.ts prints it
// beside the CLI's cold run on the same tree in the same run: both lint every
// file from disk with nothing cached, so their ratio says what the server's
// scan costs over the CLI's.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

export interface WorkspaceSample {
  /** workspace/diagnostic request to answer, ms. */
  ms: number;
  /** Reports in the answer (one per file linted) and findings in them. */
  reports: number;
  findings: number;
  /** The server's own log line (`workspace lint: N files in X ms on T threads`). */
  log?: string;
}

/** One fresh server over `tree`; `jobs`: IMAGESPEC_JOBS for it (undefined: the server's default). */
export async function workspaceDiagnosticOnce(repoRoot: string, tree: string, jobs?: number): Promise<WorkspaceSample> {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'imagespec-ws-bench-'));
  const env: NodeJS.ProcessEnv = { ...process.env, IMAGESPEC_CACHE_DIR: cache, DOCKER_CONFIG: path.join(cache, '.docker') };
  if (jobs !== undefined) env.IMAGESPEC_JOBS = String(jobs);
  else delete env.IMAGESPEC_JOBS;
  const proc = spawn(process.execPath, [path.join(repoRoot, 'bin', 'imagespec-language-server.js'), '--stdio'], { cwd: tree, env, stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  let log: string | undefined;
  conn.onNotification('window/logMessage', (m: { message: string }) => {
    if (/workspace lint:/.test(m.message)) log = m.message.replace(/^.*?workspace lint: /, '');
  });
  conn.onNotification(() => undefined);
  conn.onRequest(() => null);
  conn.listen();
  try {
    const uri = pathToFileURL(tree).href;
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(tree) }],
      capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: {} } },
      // Offline rules only, as the CLI's --no-deep.
      initializationOptions: { deep: false },
    });
    await conn.sendNotification('initialized', {});
    const t0 = performance.now();
    const answer = (await conn.sendRequest('workspace/diagnostic', { previousResultIds: [] })) as { items: { items?: unknown[] }[] };
    const ms = performance.now() - t0;
    const findings = answer.items.reduce((n, r) => n + (r.items?.length ?? 0), 0);
    // The log line arrives before the answer (the server logs, then answers).
    return { ms, reports: answer.items.length, findings, log };
  } finally {
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    try {
      await Promise.race([conn.sendRequest('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      await conn.sendNotification('exit', null);
    } finally {
      const kill = setTimeout(() => proc.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(kill);
      conn.dispose();
      fs.rmSync(cache, { recursive: true, force: true });
    }
  }
}
