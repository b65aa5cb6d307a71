// The language server's first lint of a whole workspace (issue 15: "a
// workspace-wide first lint runs on the same pool"): a fresh server with the
// bench tree as its one workspace folder answers `workspace/diagnostic`
// (pull mode), timed from the request to the answer. bench/run.ts prints it
// beside the CLI's cold run on the same tree in the same run: both lint every
// file from disk with nothing cached, so their ratio says what the server's
// scan costs over the CLI's.

import { performance } from 'node:perf_hooks';
import { startServer } from './lsp';

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
  const server = await startServer(repoRoot, {
    workspace: tree,
    capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: {} } },
    env: { IMAGESPEC_JOBS: jobs === undefined ? undefined : String(jobs) },
  });
  try {
    let log: string | undefined;
    server.conn.onNotification('window/logMessage', (m: { message: string }) => {
      if (/workspace lint:/.test(m.message)) log = m.message.replace(/^.*?workspace lint: /, '');
    });
    const t0 = performance.now();
    const answer = (await server.conn.sendRequest('workspace/diagnostic', { previousResultIds: [] })) as { items: { items?: unknown[] }[] };
    const ms = performance.now() - t0;
    const findings = answer.items.reduce((n, r) => n + (r.items?.length ?? 0), 0);
    // The log line arrives before the answer (the server logs, then answers).
    return { ms, reports: answer.items.length, findings, log };
  } finally {
    await server.stop();
  }
}
