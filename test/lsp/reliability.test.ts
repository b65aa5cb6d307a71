// Language server reliability (issue 6): malformed JSON-RPC, unknown
// methods, requests for unopened documents, 1,000 rapid changes (the last
// state wins, nothing stale is published after something newer),
// cancellation, a crashing rule (the server survives and logs it once),
// shutdown/exit.

import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { LspClient, tempProject, useClients } from './client';

const start = useClients();

const SRC = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", pacakges=["pandas"])\n';

describe('protocol robustness', () => {
  it('survives malformed messages and answers unknown methods with MethodNotFound', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: { select: ['IS501'] } });
    // A body that is not JSON, then a JSON body that is not a message, then garbage headers.
    const bad = ['{not json', '[1,2,3]', '{"jsonrpc":"2.0","id":{"x":1},"method":7}'];
    for (const b of bad) c.proc.stdin!.write(`Content-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`);
    await expect(c.request('imagespec/doesNotExist', {})).rejects.toMatchObject({ code: -32601 });
    await c.notify('imagespec/unknownNotification', { x: 1 });
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    expect((await c.diagnostics(uri)).map((d) => d.code)).toEqual(['IS501']);
    expect(c.proc.exitCode).toBeNull();
  });

  it('answers requests for documents that are not open with empty results', async () => {
    const root = tempProject();
    const c = await start({ root });
    const uri = 'file:///no/such/file.py';
    const pos = { line: 3, character: 4 };
    expect(await c.request('textDocument/hover', { textDocument: { uri }, position: pos })).toBeNull();
    expect(await c.request('textDocument/completion', { textDocument: { uri }, position: pos })).toBeNull();
    expect(await c.request('textDocument/documentLink', { textDocument: { uri } })).toEqual([]);
    expect(await c.request('textDocument/codeAction', { textDocument: { uri }, range: { start: pos, end: pos }, context: { diagnostics: [] } })).toEqual([]);
    // Changes and closes for unopened documents are ignored.
    await c.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'x' }] });
    await c.notify('textDocument/didClose', { textDocument: { uri } });
    // Positions past the end of an open document are clamped, not fatal.
    const open = await c.open(path.join(root, 'app.py'), SRC);
    expect(await c.request('textDocument/hover', { textDocument: { uri: open }, position: { line: 999, character: 999 } })).toBeNull();
    expect(c.proc.exitCode).toBeNull();
  });

  it('honours cancellation', async () => {
    const root = tempProject();
    const c = await start({ root });
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    // A request the server already answered cannot be cancelled (the spec
    // lets it return its result), and a fast server may answer the first one
    // before the cancel arrives. So 20 requests are queued and each cancelled
    // at once: every answer is a result or RequestCancelled, and the ones
    // still queued when their cancel arrived come back cancelled.
    const params = { textDocument: { uri }, position: { line: 2, character: 10 } };
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => {
        const src = new CancellationTokenSource();
        const p = c.conn.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', params, src.token);
        src.cancel();
        return p.then(
          (h) => (h?.contents.value.includes('**ImageSpec** →') ? 'result' : `bad result ${JSON.stringify(h)}`),
          (e: { code?: number }) => (e.code === -32800 ? 'cancelled' : `error ${JSON.stringify(e)}`),
        );
      }),
    );
    expect(outcomes.filter((o) => o !== 'result' && o !== 'cancelled')).toEqual([]);
    expect(outcomes).toContain('cancelled');
    // The server keeps answering.
    const h = await c.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 10 } });
    expect(h.contents.value).toContain('**ImageSpec** →');
  });
});

describe('rapid changes', () => {
  it('1,000 rapid didChange events: the last state wins and versions never go back', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: { select: ['IS501'] } });
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    await c.diagnostics(uri, { version: 1 });
    const line = 2;
    const col = 'image = ImageSpec(name="etl", '.length;
    let word = 'pacakges';
    for (let i = 0; i < 1000; i++) {
      // Alternate between a bad keyword of growing length and the fixed one.
      const next = i === 999 ? `bogus_${'x'.repeat(7)}` : i % 2 === 0 ? 'packages' : `bogus_${'x'.repeat(i % 13)}`;
      void c.change(uri, [{ range: { start: { line, character: col }, end: { line, character: col + word.length } }, text: next }]);
      word = next;
    }
    const final = await c.diagnostics(uri, { version: 1001, timeoutMs: 20_000 });
    expect(final.map((d) => [d.code, d.range])).toEqual([['IS501', { start: { line, character: col }, end: { line, character: col + word.length } }]]);
    const versions = c.published.filter((p) => p.uri === uri).map((p) => p.version ?? 0);
    for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThanOrEqual(versions[i - 1]);
    // Changes that arrive together are linted together.
    expect(versions.length).toBeLessThan(1001);
    // Nothing more arrives later.
    await new Promise((r) => setTimeout(r, 300));
    expect(c.last(uri)!.version).toBe(1001);
  });
});

describe('faults', () => {
  it('survives an exception in one rule, reports it once in the log, and the other rules still run', async () => {
    const root = tempProject();
    const c = await start({ root, env: { IMAGESPEC_LS_FAULT_RULE: 'IS501' }, initializationOptions: { select: ['IS501', 'IS511'] } });
    const text = 'from flytekit import ImageSpec\nimage = ImageSpec(name="x", bogus=1, builder="defualt")\n';
    const a = await c.open(path.join(root, 'a.py'), text);
    const b = await c.open(path.join(root, 'b.py'), text);
    expect((await c.diagnostics(a)).map((d) => d.code)).toEqual(['IS511']);
    expect((await c.diagnostics(b)).map((d) => d.code)).toEqual(['IS511']);
    await c.change(a, [{ text: text + '\n' }]);
    await c.diagnostics(a, { version: 2 });
    const errors = c.logs.filter((l) => l.message.includes('internal error in rule IS501'));
    expect(errors).toHaveLength(1);
    expect(errors[0].type).toBe(1);
    expect(errors[0].message).toContain('injected fault in IS501');
  });

  it('exits 0 after shutdown + exit, 1 on exit without shutdown', async () => {
    const root = tempProject();
    const c = await LspClient.start({ root });
    expect(await c.stop()).toBe(0);
    const d = await LspClient.start({ root });
    await d.notify('exit', null);
    expect(await d.exited).toBe(1);
  });
});
