// Editing one document re-lints the other open documents that depend on
// the edit, and only those (server/lsp/diagnostics.ts dependentsChanged):
// IS511 on a module stays silent for a builder a module beside it
// registers, so registering it there, or removing it, re-lints the module;
// an edit that changes no such answer (a comment, another function)
// re-lints no neighbour. Through the protocol, push and pull.

import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { tempProject, useClients } from './client';

const start = useClients();

const WF = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="wf", builder="kaniko")\n';
const PLAIN = 'import os\n\n\ndef helper():\n    return os.getcwd()\n';
const REGISTER = 'from flytekit.image_spec.image_spec import ImageBuildEngine\nImageBuildEngine.register("kaniko", Kaniko())\n';
const OPTS = { select: ['IS511'], deep: false };

const codes = (d: Diagnostic[]) => d.map((x) => x.code);
const end = (text: string) => {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
};

describe('re-lint of documents that depend on an edit', () => {
  it('push: registering the builder beside the module clears its IS511, removing it brings it back; other edits re-lint nothing else', async () => {
    const root = tempProject({ 'images/wf.py': WF, 'images/builders.py': PLAIN, 'other/wf.py': WF });
    const c = await start({ root, initializationOptions: OPTS });
    const wf = await c.open(path.join(root, 'images', 'wf.py'), WF);
    const other = await c.open(path.join(root, 'other', 'wf.py'), WF);
    const builders = await c.open(path.join(root, 'images', 'builders.py'), PLAIN);
    expect(codes(await c.diagnostics(wf, { version: 1 }))).toEqual(['IS511']);
    expect(codes(await c.diagnostics(other, { version: 1 }))).toEqual(['IS511']);
    await c.diagnostics(builders, { version: 1 });
    const count = (uri: string) => c.published.filter((p) => p.uri === uri).length;
    const before = { wf: count(wf), other: count(other) };

    // An edit that changes nothing its neighbours read it for: builders.py alone is linted again.
    const v2 = await c.change(builders, [{ range: { start: end(PLAIN), end: end(PLAIN) }, text: '# a comment\n' }]);
    await c.diagnostics(builders, { version: v2 });
    await new Promise((r) => setTimeout(r, 300));
    expect({ wf: count(wf), other: count(other) }).toEqual(before);

    // Registering kaniko beside images/wf.py: it is linted again, IS511 gone; other/wf.py (another folder) untouched.
    const withRegister = PLAIN + '# a comment\n' + REGISTER;
    await c.change(builders, [{ text: withRegister }]);
    await c.until(() => c.last(wf)!.diagnostics.length === 0 || undefined, 10_000, 'images/wf.py re-linted without IS511');
    expect(count(wf)).toBe(before.wf + 1);
    expect(count(other)).toBe(before.other);

    // And removing it again.
    await c.change(builders, [{ text: PLAIN }]);
    await c.until(() => codes(c.last(wf)!.diagnostics).includes('IS511') || undefined, 10_000, 'IS511 back on images/wf.py');
    expect(count(other)).toBe(before.other);
  });

  it('pull: the dependent document answers anew after the edit, and a refresh is asked for', async () => {
    const root = tempProject({ 'images/wf.py': WF, 'images/builders.py': PLAIN });
    const c = await start({
      root,
      initializationOptions: { ...OPTS, diagnosticMode: 'pull' },
      capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } },
    });
    const wf = await c.open(path.join(root, 'images', 'wf.py'), WF);
    const builders = await c.open(path.join(root, 'images', 'builders.py'), PLAIN);
    const pull = (uri: string, previousResultId?: string) => c.request<{ kind: string; resultId?: string; items?: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
    const first = await pull(wf);
    expect(codes(first.items!)).toEqual(['IS511']);
    await pull(builders);
    // A comment: the module's answer is unchanged.
    await c.change(builders, [{ text: PLAIN + '# a comment\n' }]);
    await pull(builders);
    expect((await pull(wf, first.resultId)).kind).toBe('unchanged');
    const refreshes = () => c.serverRequests.filter((r) => r.method === 'workspace/diagnostic/refresh').length;
    const asked = refreshes();
    await c.change(builders, [{ text: PLAIN + REGISTER }]);
    await c.until(() => refreshes() > asked || undefined, 10_000, 'a diagnostic refresh');
    const after = await pull(wf, first.resultId);
    expect(after.kind).toBe('full');
    expect(after.items).toEqual([]);
  });
});
