// The project's config file changes while the server runs (issue 16,
// item 13): a client that can register file watchers is asked to watch
// pyproject.toml / imagespec-lint.toml and its events re-lint; a client that
// cannot (Neovim 0.7: no dynamic registration) gets the config's stat checked
// before each lint, so the next lint uses the new config without any event.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject, uriOf, useClients } from './client';

const start = useClients();

const SRC = ['from flytekit import ImageSpec', '', 'image = ImageSpec(name="etl", pacakges=["pandas"])', ''].join('\n');
const AS_ERROR = '[tool.imagespec-lint]\nselect = ["IS501"]\n';
const AS_WARNING = '[tool.imagespec-lint]\nselect = ["IS501"]\nseverity = { IS501 = "warning" }\n';

describe('config file changes', () => {
  it('registers a watcher for config files when the client supports it, and re-lints on its events', async () => {
    const root = tempProject({ 'pyproject.toml': AS_ERROR });
    const c = await start({ root, capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
    const reg = await c.until(() => c.serverRequests.find((r) => r.method === 'client/registerCapability' && JSON.stringify(r.params).includes('workspace/didChangeWatchedFiles')), 10_000, 'watcher registration');
    const watchers = (reg.params as { registrations: { method: string; registerOptions: { watchers: { globPattern: unknown }[] } }[] }).registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')!.registerOptions.watchers;
    expect(watchers.map((w) => w.globPattern)).toEqual(expect.arrayContaining(['**/pyproject.toml', '**/imagespec-lint.toml']));
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    expect((await c.diagnostics(uri, { pred: (d) => d.length === 1 })).map((d) => d.severity)).toEqual([1]);
    fs.writeFileSync(path.join(root, 'pyproject.toml'), AS_WARNING);
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(root, 'pyproject.toml')), type: 2 }] });
    const d = await c.diagnostics(uri, { pred: (x) => x.length === 1 && x[0].severity === 2 });
    expect(d[0].code).toBe('IS501');
  });

  it('checks the config file before each lint when the client cannot watch files (Neovim 0.7)', async () => {
    const root = tempProject({ 'pyproject.toml': AS_ERROR });
    const c = await start({ root });
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    expect((await c.diagnostics(uri, { version: 1 })).map((d) => [d.code, d.severity])).toEqual([['IS501', 1]]);
    expect(c.serverRequests.some((r) => r.method === 'client/registerCapability' && JSON.stringify(r.params).includes('didChangeWatchedFiles'))).toBe(false);

    // The user edits pyproject.toml in another buffer: no event reaches the server.
    fs.writeFileSync(path.join(root, 'pyproject.toml'), AS_WARNING);
    // The next lint (an edit) uses it; so does a document opened afterwards.
    const v = await c.change(uri, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '\n' }]);
    expect((await c.diagnostics(uri, { version: v })).map((d) => [d.code, d.severity])).toEqual([['IS501', 2]]);
    const other = await c.open(path.join(root, 'other.py'), SRC);
    expect((await c.diagnostics(other, { version: 1 })).map((d) => d.severity)).toEqual([2]);

    // A config file created nearer the document takes over; a broken one is reported.
    fs.mkdirSync(path.join(root, 'pkg'));
    const nested = await c.open(path.join(root, 'pkg', 'wf.py'), SRC);
    expect((await c.diagnostics(nested, { version: 1 })).map((d) => d.severity)).toEqual([2]);
    fs.writeFileSync(path.join(root, 'pkg', 'imagespec-lint.toml'), 'select = ["IS501"]\nseverity = { IS501 = "info" }\n');
    const v2 = await c.change(nested, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '\n' }]);
    expect((await c.diagnostics(nested, { version: v2 })).map((d) => d.severity)).toEqual([3]);
    fs.writeFileSync(path.join(root, 'pkg', 'imagespec-lint.toml'), 'select = ["IS501"]\nseverity = { IS501 = "loud" }\n');
    await c.change(nested, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '\n' }]);
    await c.until(() => c.logs.find((l) => l.message.includes('imagespec-lint.toml:2: severity.IS501: expected "error", "warning" or "info", got "loud"')), 10_000, 'config error logged');
  });

  it('answers a pull with the new config after the file changed, without an edit', async () => {
    const root = tempProject({ 'pyproject.toml': AS_ERROR });
    const c = await start({ root, capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } } });
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    const first = await c.request<{ kind: string; resultId: string; items: { severity: number }[] }>('textDocument/diagnostic', { textDocument: { uri } });
    expect(first.items.map((d) => d.severity)).toEqual([1]);
    fs.writeFileSync(path.join(root, 'pyproject.toml'), AS_WARNING);
    const second = await c.request<{ kind: string; items: { severity: number }[] }>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: first.resultId });
    expect(second.kind).toBe('full');
    expect(second.items.map((d) => d.severity)).toEqual([2]);
  });
});
