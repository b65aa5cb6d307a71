// Start-up (issue 15): the server loads the parser and runs a warm-up lint
// of a module of its own while `initialize` is being answered (server.ts
// warmUp). That lint must leave no trace: nothing published, nothing logged,
// no file of the workspace read on its behalf; and messages that arrive while
// it runs (a client that sends didOpen right behind initialize) are answered
// as they would be later.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SERVER_BIN, tempProject, uriOf, useClients } from './client';

const start = useClients();

// One finding of each kind the warm-up module could also produce (IS501, a
// GAR registry), so that a warm-up finding leaking out would show.
const SRC = [
  'from flytekit import ImageSpec',
  '',
  'image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/acme/images", pacakges=["pandas"])',
  '',
].join('\n');

describe('start-up warm-up', () => {
  it('publishes and logs nothing of its own, and the first document opened gets exactly its findings', async () => {
    const root = tempProject();
    const c = await start({ root });
    // The warm-up ran before the answer; give any stray output time to arrive.
    await new Promise((r) => setTimeout(r, 300));
    expect(c.published).toEqual([]);
    expect(c.logs.filter((l) => l.type <= 2)).toEqual([]);
    expect(c.messages).toEqual([]);
    expect(c.stderr).toBe('');
    const first = await c.open(path.join(root, 'first.py'), SRC);
    const d1 = await c.diagnostics(first, { version: 1 });
    // The same text opened again later, when nothing is cold any more: the same answer.
    const second = await c.open(path.join(root, 'second.py'), SRC);
    const d2 = await c.diagnostics(second, { version: 1 });
    expect(d1.map((d) => d.code)).toContain('IS501');
    expect(d1).toEqual(d2);
    expect(new Set(c.published.map((p) => p.uri))).toEqual(new Set([first, second]));
    expect(c.logs.filter((l) => l.type <= 2)).toEqual([]);
    // Nothing was written to the workspace (the server's own cache folder aside).
    expect(fs.readdirSync(root).filter((f) => f !== '.cache-imagespec')).toEqual(['.git']);
  });

  it('answers a didOpen sent right behind initialize, before its answer, once the warm-up is done', async () => {
    const root = tempProject();
    const proc = spawn(process.execPath, [SERVER_BIN, '--stdio'], {
      cwd: root,
      env: { ...process.env, IMAGESPEC_CACHE_DIR: path.join(root, '.cache-imagespec'), DOCKER_CONFIG: path.join(root, '.docker') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr!.on('data', (d) => (stderr += String(d)));
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const published: PublishDiagnosticsParams[] = [];
    const got = new Promise<PublishDiagnosticsParams>((resolve) =>
      conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        published.push(p);
        resolve(p);
      }),
    );
    conn.onRequest(() => null);
    conn.listen();
    const exited = new Promise((resolve) => proc.on('exit', resolve));
    try {
      const uri = uriOf(path.join(root, 'app.py'));
      // All three written before the server has read the first: they queue behind the warm-up.
      const init = conn.sendRequest('initialize', { processId: process.pid, rootUri: uriOf(root), capabilities: {}, initializationOptions: { select: ['IS501'] } }) as Promise<InitializeResult>;
      void conn.sendNotification('initialized', {});
      void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: SRC } });
      const result = await init;
      expect(result.capabilities.textDocumentSync).toBeDefined();
      const p = await Promise.race([got, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no diagnostics; stderr: ${stderr}`)), 10_000))]);
      expect(p.uri).toBe(uri);
      expect(p.version).toBe(1);
      expect(p.diagnostics.map((d) => [d.code, d.range])).toEqual([['IS501', { start: { line: 2, character: 78 }, end: { line: 2, character: 86 } }]]);
      expect(published).toHaveLength(1);
      await conn.sendRequest('shutdown', null);
      await conn.sendNotification('exit', null);
    } finally {
      // Gone before the test's folder is removed (a server writes its code cache there as it exits).
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      conn.dispose();
    }
  });
});
