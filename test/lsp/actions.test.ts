// Code actions and commands through the protocol: the returned edits are
// applied to the text and the result asserted; commands run through
// workspace/executeCommand and their effects (files, Docker config,
// repositories on a local Artifact Registry) are checked, then the
// re-published diagnostics.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CodeAction, TextDocumentEdit, CreateFile, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits, LspClient, tempProject, useClients } from './client';
import { GarTestServer } from '../garServer';

const start = useClients();

const EDIT_CAPS = { workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create' as const] } } };

function editsFor(edit: WorkspaceEdit | undefined, uri: string) {
  if (!edit) return [];
  if (edit.changes) return edit.changes[uri] ?? [];
  return (edit.documentChanges ?? []).filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri).flatMap((c) => c.edits);
}

async function actions(c: LspClient, uri: string, line: number, character: number, only?: string[]): Promise<CodeAction[]> {
  const diags = c.last(uri)?.diagnostics ?? [];
  return c.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line, character }, end: { line, character } },
    context: { diagnostics: diags.filter((d) => d.range.start.line <= line && line <= d.range.end.line), only },
  });
}

const SRC = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", pacakges=["pandas"])\n';

describe('quick fixes', () => {
  it('offers the rule fix (preferred) and the ignore comment, and both edits apply', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: { select: ['IS501'] }, capabilities: EDIT_CAPS });
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    await c.diagnostics(uri, { pred: (d) => d.length === 1 });
    const list = await actions(c, uri, 2, 32);
    expect(list.map((a) => [a.title, a.kind, a.isPreferred ?? false])).toEqual([
      ['Rename to `packages`', 'quickfix', true],
      ['Ignore IS501 on this line', 'quickfix', false],
      // A client listing every action (no `only`) also gets the fix-all source action.
      ['Fix all auto-fixable imagespec problems (1)', 'source.fixAll.imagespec', false],
    ]);
    expect(list[0].diagnostics!.map((d) => d.code)).toEqual(['IS501']);
    // documentChanges carry the document version.
    expect((list[0].edit!.documentChanges![0] as TextDocumentEdit).textDocument.version).toBe(1);
    expect(applyEdits(SRC, editsFor(list[0].edit, uri))).toBe(SRC.replace('pacakges', 'packages'));
    const ignored = applyEdits(SRC, editsFor(list[1].edit, uri));
    expect(ignored).toBe('from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", pacakges=["pandas"])  # imagespec: ignore[IS501]\n');
    // The suppressed text lints clean.
    const v = await c.change(uri, [{ text: ignored }]);
    expect(await c.diagnostics(uri, { version: v })).toEqual([]);
  });

  it('extends an existing suppression and puts the comment outside multi-line strings', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: { select: ['IS501'] } });
    const text = 'from flytekit import ImageSpec\nimage = ImageSpec(name="x", bogus=1)  # imagespec: ignore[IS301]\nother = ImageSpec(\n    name="""a\nb""", bogus=2,\n)\n';
    const uri = await c.open(path.join(root, 'app.py'), text);
    const d = await c.diagnostics(uri, { pred: (x) => x.length === 2 });
    expect(d.map((x) => x.range.start.line)).toEqual([1, 4]);
    const a1 = (await actions(c, uri, 1, 30)).find((a) => a.title.startsWith('Ignore'))!;
    // Without documentChanges support, edits come as `changes`.
    expect(a1.edit!.changes).toBeDefined();
    expect(applyEdits(text, editsFor(a1.edit, uri)).split('\n')[1]).toBe('image = ImageSpec(name="x", bogus=1)  # imagespec: ignore[IS301,IS501]');
    const a2 = (await actions(c, uri, 4, 8)).find((a) => a.title.startsWith('Ignore'))!;
    const fixed = applyEdits(text, editsFor(a2.edit, uri));
    expect(fixed.split('\n')[4]).toBe('b""", bogus=2,  # imagespec: ignore[IS501]');
  });

  it('"ignore on this line" on a line that already has a comment extends it, and the result lints clean', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: { select: ['IS501'] } });
    const text = [
      'from flytekit import ImageSpec',
      'a = ImageSpec(name="a", bogus=1)  # noqa: E501',
      'b = ImageSpec(name="b#c", bogus=2)  # keep: "quoted # text"',
      'c = ImageSpec(name="c # not a comment", bogus=3)',
      '',
    ].join('\n');
    const uri = await c.open(path.join(root, 'app.py'), text);
    await c.diagnostics(uri, { pred: (x) => x.length === 3 });
    let edited = text;
    for (const line of [1, 2, 3]) {
      const a = (await actions(c, uri, line, 5)).find((x) => x.title === 'Ignore IS501 on this line');
      expect(a, `line ${line}`).toBeDefined();
      edited = applyEdits(edited, editsFor(a!.edit, uri));
    }
    expect(edited.split('\n').slice(1, 4)).toEqual([
      'a = ImageSpec(name="a", bogus=1)  # noqa: E501  # imagespec: ignore[IS501]',
      'b = ImageSpec(name="b#c", bogus=2)  # keep: "quoted # text"  # imagespec: ignore[IS501]',
      'c = ImageSpec(name="c # not a comment", bogus=3)  # imagespec: ignore[IS501]',
    ]);
    const v = await c.change(uri, [{ text: edited }]);
    expect(await c.diagnostics(uri, { version: v })).toEqual([]);
  });

  it('lone "\\r" line endings: diagnostics, quick fixes and fix-all land on the right line', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: { select: ['IS501'] } });
    const text = 'from flytekit import ImageSpec\r\rimage = ImageSpec(name="etl", pacakges=["pandas"])  # x\rother = 1\r';
    const uri = await c.open(path.join(root, 'app.py'), text);
    const [d] = await c.diagnostics(uri, { pred: (x) => x.length === 1 });
    expect(d.range).toEqual({ start: { line: 2, character: 30 }, end: { line: 2, character: 38 } });
    const [fixAll] = await actions(c, uri, 0, 0, ['source.fixAll']);
    expect(applyEdits(text, editsFor(fixAll.edit, uri))).toBe(text.replace('pacakges', 'packages'));
    const ignore = (await actions(c, uri, 2, 31)).find((a) => a.title === 'Ignore IS501 on this line')!;
    expect(applyEdits(text, editsFor(ignore.edit, uri))).toBe(text.replace('  # x\r', '  # x  # imagespec: ignore[IS501]\r'));
    // Typing keeps positions right: a line break inserted above moves the finding down.
    const v = await c.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\r' }]);
    const [moved] = await c.diagnostics(uri, { version: v });
    expect(moved.range.start).toEqual({ line: 3, character: 30 });
  });

  it('source.fixAll.imagespec applies every safe preferred fix at once', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: { select: ['IS501'] } });
    const text = 'from flytekit import ImageSpec\na = ImageSpec(pacakges=["x"])\nb = ImageSpec(name="b", regsitry="ghcr.io/acme")\n';
    const uri = await c.open(path.join(root, 'app.py'), text);
    await c.diagnostics(uri, { pred: (d) => d.length === 2 });
    const list = await actions(c, uri, 0, 0, ['source.fixAll']);
    expect(list.map((a) => a.kind)).toEqual(['source.fixAll.imagespec']);
    const fixedText = applyEdits(text, editsFor(list[0].edit, uri));
    expect(fixedText).toBe('from flytekit import ImageSpec\na = ImageSpec(packages=["x"])\nb = ImageSpec(name="b", registry="ghcr.io/acme")\n');
    // Only source actions when only source actions are asked for.
    expect(await actions(c, uri, 1, 16, ['source'])).toHaveLength(1);
  });

  it('returns [] for a document that is not open', async () => {
    const root = tempProject();
    const c = await start({ root });
    expect(await c.request('textDocument/codeAction', { textDocument: { uri: 'file:///x/y.py' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } })).toEqual([]);
  });
});

describe('creating files (IS401)', () => {
  const text = 'from flytekit import ImageSpec\nimage = ImageSpec(name="x", requirements="reqs/requirements.txt")\n';

  it('uses a CreateFile operation when the client supports resource operations', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: { select: ['IS401'] }, capabilities: EDIT_CAPS });
    const uri = await c.open(path.join(root, 'app.py'), text);
    await c.diagnostics(uri, { pred: (d) => d.some((x) => x.code === 'IS401') });
    const create = (await actions(c, uri, 1, 45)).find((a) => a.title.startsWith('Create'))!;
    expect(create.edit!.documentChanges).toEqual([{ kind: 'create', uri: new URL('file://' + path.join(root, 'reqs/requirements.txt')).href, options: { ignoreIfExists: true } } satisfies CreateFile]);
    expect(create.command).toBeUndefined();
  });

  it('falls back to the imagespec.createFile command, which writes the file and re-lints', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: { select: ['IS401'] } });
    const uri = await c.open(path.join(root, 'app.py'), text);
    await c.diagnostics(uri, { pred: (d) => d.some((x) => x.code === 'IS401') });
    const create = (await actions(c, uri, 1, 45)).find((a) => a.title.startsWith('Create'))!;
    expect(create.command!.command).toBe('imagespec.createFile');
    const res = await c.request<{ ok: boolean }>('workspace/executeCommand', { command: create.command!.command, arguments: create.command!.arguments });
    expect(res.ok).toBe(true);
    expect(fs.readFileSync(path.join(root, 'reqs/requirements.txt'), 'utf8')).toBe('');
    await c.diagnostics(uri, { pred: (d) => d.length === 0 });
    // Outside the workspace: refused.
    const bad = await c.request<{ ok: boolean; message: string }>('workspace/executeCommand', { command: 'imagespec.createFile', arguments: [{ path: '/etc/imagespec-should-not-exist', content: '' }] });
    expect(bad).toEqual({ ok: false, message: 'Refusing to create /etc/imagespec-should-not-exist: it is outside the workspace' });
  });
});

describe('commands', () => {
  it('imagespec.configureDocker (IS601) writes credHelpers, keeping other keys, and the finding goes away', async () => {
    const root = tempProject({ '.docker/config.json': '{\n  "auths": {"ghcr.io": {}},\n  "experimental": "enabled"\n}\n' });
    const c = await start({ root, initializationOptions: { select: ['IS601'] } });
    const text = 'from flytekit import ImageSpec\nimage = ImageSpec(name="x", registry="us-east1-docker.pkg.dev/acme-ml/images")\n';
    const uri = await c.open(path.join(root, 'app.py'), text);
    await c.diagnostics(uri, { pred: (d) => d.some((x) => x.code === 'IS601') });
    const action = (await actions(c, uri, 1, 45)).find((a) => a.command?.command === 'imagespec.configureDocker')!;
    expect(action.command!.arguments).toEqual([{ host: 'us-east1-docker.pkg.dev', helper: 'gcloud' }]);
    const res = await c.request<{ ok: boolean }>('workspace/executeCommand', { command: action.command!.command, arguments: action.command!.arguments });
    expect(res.ok).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(root, '.docker/config.json'), 'utf8'))).toEqual({
      auths: { 'ghcr.io': {} },
      experimental: 'enabled',
      credHelpers: { 'us-east1-docker.pkg.dev': 'gcloud' },
    });
    await c.diagnostics(uri, { pred: (d) => d.length === 0 });
  });

  it('deep results arrive after the offline ones; imagespec.createRepository (IS201) creates the repository and re-lints', async () => {
    const gar = new GarTestServer({ latencyMs: 150 });
    const { endpoint } = await gar.start();
    try {
      gar.addRepository({ project: 'acme-ml', location: 'us-east1', repository: 'images' });
      const root = tempProject();
      const c = await start({ root, initializationOptions: { select: ['IS201', 'IS501'], deep: true, gar: { endpoint } } });
      const text = 'from flytekit import ImageSpec\nimage = ImageSpec(name="x", registry="us-east1-docker.pkg.dev/acme-ml/imagez", bogus=1)\n';
      const uri = await c.open(path.join(root, 'app.py'), text);
      // Offline first: IS501 alone, at once; then IS201 merged in when the API answers.
      const first = await c.diagnostics(uri, { version: 1 });
      expect(first.map((d) => d.code)).toEqual(['IS501']);
      const merged = await c.diagnostics(uri, { pred: (d) => d.some((x) => x.code === 'IS201') });
      expect(merged.map((d) => d.code)).toEqual(['IS201', 'IS501']);
      const is201 = merged.find((d) => d.code === 'IS201')!;
      expect(text.split('\n')[1].slice(is201.range.start.character, is201.range.end.character)).toContain('imagez');
      // Typing elsewhere keeps the deep finding (moved with the text) until new answers come.
      const v = await c.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '# moved\n' }]);
      const moved = await c.diagnostics(uri, { version: v });
      expect(moved.map((d) => [d.code, d.range.start.line])).toEqual([['IS201', 2], ['IS501', 2]]);
      const action = (await actions(c, uri, 2, 60)).find((a) => a.command?.command === 'imagespec.createRepository')!;
      expect(action.command!.arguments).toEqual([{ project: 'acme-ml', location: 'us-east1', repository: 'imagez' }]);
      const res = await c.request<{ ok: boolean; message: string }>('workspace/executeCommand', { command: action.command!.command, arguments: action.command!.arguments });
      expect(res).toEqual({ ok: true, message: 'Created the Docker repository us-east1-docker.pkg.dev/acme-ml/imagez' });
      expect(gar.calls.CreateRepository).toBe(1);
      const after = await c.diagnostics(uri, { pred: (d) => !d.some((x) => x.code === 'IS201') && d.length === 1 });
      expect(after.map((d) => d.code)).toEqual(['IS501']);
    } finally {
      await gar.stop();
    }
  });

  it('an unknown command answers ok: false', async () => {
    const root = tempProject();
    const c = await start({ root });
    expect(await c.request('workspace/executeCommand', { command: 'imagespec.nope', arguments: [] })).toEqual({ ok: false, message: 'Unknown command imagespec.nope' });
  });
});
