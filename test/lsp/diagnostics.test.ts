// Diagnostics through the protocol: push on open and change (with versions),
// pull when the client supports textDocument/diagnostic, settings from
// initializationOptions / didChangeConfiguration / workspace/configuration,
// exact ranges, codes, code descriptions and source.

import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject, useClients } from './client';

const start = useClients();

const SRC = ['from flytekit import ImageSpec', '', 'image = ImageSpec(name="etl", pacakges=["pandas"])', ''].join('\n');
const ONLY_501 = { select: ['IS501'] };

describe('push diagnostics', () => {
  it('publishes IS501 on open with exact range, code, href, source and version', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: ONLY_501 });
    expect(c.init.capabilities.diagnosticProvider).toBeUndefined();
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    const diags = await c.diagnostics(uri, { version: 1 });
    expect(c.last(uri)!.version).toBe(1);
    expect(diags).toEqual([
      {
        range: { start: { line: 2, character: 30 }, end: { line: 2, character: 38 } },
        severity: 1,
        code: 'IS501',
        codeDescription: { href: 'https://github.com/imagespec-lint/imagespec-lint/blob/main/docs/rules/IS501.md' },
        source: 'imagespec',
        message: 'ImageSpec has no field `pacakges`: importing this module raises TypeError; did you mean `packages`?',
      },
    ]);
  });

  it('re-lints incrementally on didChange and clears on fix', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: ONLY_501 });
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    await c.diagnostics(uri, { version: 1, pred: (d) => d.length === 1 });
    // Insert two lines above: the finding moves down.
    let v = await c.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'X = 1\n\n' }]);
    let d = await c.diagnostics(uri, { version: v });
    expect(d.map((x) => [x.code, x.range])).toEqual([['IS501', { start: { line: 4, character: 30 }, end: { line: 4, character: 38 } }]]);
    // Fix the typo by an incremental edit: "pacakges" -> "packages".
    v = await c.change(uri, [{ range: { start: { line: 4, character: 32 }, end: { line: 4, character: 35 } }, text: 'cka' }]);
    d = await c.diagnostics(uri, { version: v });
    expect(d).toEqual([]);
    // Break it again with a second keyword in another change batch (two changes in one notification).
    v = await c.change(uri, [
      { range: { start: { line: 4, character: 49 }, end: { line: 4, character: 49 } }, text: ', regsitry="ghcr.io/acme"' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# header\n' },
    ]);
    d = await c.diagnostics(uri, { version: v });
    expect(d.map((x) => [x.code, x.range.start, x.range.end])).toEqual([['IS501', { line: 5, character: 51 }, { line: 5, character: 59 }]]);
  });

  it('full-text changes, CRLF and non-BMP characters keep UTF-16 columns', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: ONLY_501 });
    const uri = await c.open(path.join(root, 'app.py'), 'x = 1\n');
    await c.diagnostics(uri, { version: 1 });
    const text = 'from flytekit import ImageSpec\r\nimage = ImageSpec(name="😀é", bogus=1)\r\n';
    const v = await c.change(uri, [{ text }]);
    const d = await c.diagnostics(uri, { version: v });
    // `bogus` starts after `image = ImageSpec(name="😀é", ` : 😀 is two UTF-16 units.
    const col = 'image = ImageSpec(name="😀é", '.length;
    expect(d.map((x) => [x.code, x.range])).toEqual([['IS501', { start: { line: 1, character: col }, end: { line: 1, character: col + 5 } }]]);
    // Incremental edit after the emoji on the same line.
    const v2 = await c.change(uri, [{ range: { start: { line: 1, character: col }, end: { line: 1, character: col + 5 } }, text: 'bogus2' }]);
    const d2 = await c.diagnostics(uri, { version: v2 });
    expect(d2.map((x) => x.range)).toEqual([{ start: { line: 1, character: col }, end: { line: 1, character: col + 6 } }]);
  });

  it('clears diagnostics on close', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: ONLY_501 });
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    await c.diagnostics(uri, { pred: (d) => d.length === 1 });
    await c.notify('textDocument/didClose', { textDocument: { uri } });
    await c.diagnostics(uri, { pred: (d) => d.length === 0 });
  });
});

describe('settings', () => {
  it('reads the project config file, overridden by initializationOptions', async () => {
    const root = tempProject({ 'pyproject.toml': '[tool.imagespec-lint]\nselect = ["IS501"]\nseverity = { IS501 = "warning" }\n' });
    const c = await start({ root, initializationOptions: { imagespec: { severity: { IS501: 'info' } } } });
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    const d = await c.diagnostics(uri, { pred: (x) => x.length > 0 });
    expect(d.map((x) => [x.code, x.severity])).toEqual([['IS501', 3]]);
  });

  it('didChangeConfiguration re-lints with the new settings (Neovim 0.7 style, no workspace/configuration)', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: ONLY_501 });
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    await c.diagnostics(uri, { pred: (d) => d.length === 1 });
    await c.notify('workspace/didChangeConfiguration', { settings: { imagespec: { select: ['IS501'], ignore: ['IS501'] } } });
    await c.diagnostics(uri, { pred: (d) => d.length === 0 });
    await c.notify('workspace/didChangeConfiguration', { settings: { imagespec: { select: ['IS501'], severity: { IS501: 'warning' } } } });
    const d = await c.diagnostics(uri, { pred: (x) => x.length === 1 });
    expect(d[0].severity).toBe(2);
  });

  it('pulls the imagespec section with workspace/configuration when the client supports it', async () => {
    const root = tempProject();
    const c = await start({ root, capabilities: { workspace: { configuration: true } }, configuration: { select: ['IS501'], severity: { IS501: 'warning' } } });
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    const d = await c.diagnostics(uri, { pred: (x) => x.length === 1 && x[0].severity === 2 });
    expect(d[0].code).toBe('IS501');
    expect(c.serverRequests.some((r) => r.method === 'workspace/configuration')).toBe(true);
  });

  it('reports an invalid setting instead of failing', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: { select: ['IS501'], severity: { IS501: 'loud' } } });
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    const d = await c.diagnostics(uri);
    expect(d.map((x) => x.code)).toEqual(['IS501']);
    // Logged, and shown to the user (window/showMessageRequest).
    expect(c.logs.some((l) => l.type === 1 && l.message.includes('imagespec.severity.IS501: expected "error", "warning" or "info", got "loud"'))).toBe(true);
    await c.until(() => c.serverRequests.find((r) => r.method === 'window/showMessageRequest' && JSON.stringify(r.params).includes('severity.IS501')), 5000, 'settings error message');
  });
});

describe('pull diagnostics', () => {
  const pullCaps = { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } };

  it('answers textDocument/diagnostic and does not push', async () => {
    const root = tempProject();
    const c = await start({ root, capabilities: pullCaps, initializationOptions: ONLY_501 });
    expect(c.init.capabilities.diagnosticProvider).toMatchObject({ identifier: 'imagespec', interFileDependencies: false, workspaceDiagnostics: true });
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    const r1 = await c.request<{ kind: string; resultId: string; items: { code: string; range: unknown }[] }>('textDocument/diagnostic', { textDocument: { uri } });
    expect(r1.kind).toBe('full');
    expect(r1.items.map((x) => [x.code, x.range])).toEqual([['IS501', { start: { line: 2, character: 30 }, end: { line: 2, character: 38 } }]]);
    const r2 = await c.request<{ kind: string }>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: r1.resultId });
    expect(r2.kind).toBe('unchanged');
    await c.change(uri, [{ range: { start: { line: 2, character: 30 }, end: { line: 2, character: 38 } }, text: 'packages' }]);
    const r3 = await c.request<{ kind: string; items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: r1.resultId });
    expect(r3).toMatchObject({ kind: 'full', items: [] });
    expect(c.published).toEqual([]);
  });

  it('answers workspace/diagnostic for open and unopened files', async () => {
    const root = tempProject({ 'pkg/other.py': SRC, 'pkg/plain.py': 'print(1)\n' });
    const c = await start({ root, capabilities: pullCaps, initializationOptions: ONLY_501 });
    const uri = await c.open(path.join(root, 'app.py'), SRC.replace('pacakges', 'packges'));
    const r = await c.request<{ items: { uri: string; kind: string; items: { code: string }[] }[] }>('workspace/diagnostic', { previousResultIds: [] });
    const byFile = Object.fromEntries(r.items.map((i) => [path.relative(root, new URL(i.uri).pathname), i.items.map((x) => x.code)]));
    expect(byFile).toEqual({ 'app.py': ['IS501'], 'pkg/other.py': ['IS501'], 'pkg/plain.py': [] });
    expect(r.items.find((i) => i.uri === uri)!.kind).toBe('full');
  });

  it('returns an empty report for a document that is not open', async () => {
    const root = tempProject();
    const c = await start({ root, capabilities: pullCaps });
    const r = await c.request('textDocument/diagnostic', { textDocument: { uri: 'file:///nowhere/x.py' } });
    expect(r).toEqual({ kind: 'full', items: [] });
  });
});
