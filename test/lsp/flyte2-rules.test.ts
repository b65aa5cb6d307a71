// Flyte 2 rules through the language server: a flyte.Image chain gets its
// diagnostics like an ImageSpec, and the rule's quick fix comes back as a
// code action whose edits, applied to the text, lint clean.

import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CodeAction, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits, tempProject, useClients } from './client';

const start = useClients();

function editsFor(edit: WorkspaceEdit | undefined, uri: string) {
  if (!edit) return [];
  if (edit.changes) return edit.changes[uri] ?? [];
  return (edit.documentChanges ?? []).filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri).flatMap((c) => c.edits);
}

const SRC =
  'import flyte\n\n' +
  'base = flyte.Image.from_base("python:3.12-slim")\n' +
  'image = base.with_pip_packages(["pandas", "numpy"])\n' +
  'env = flyte.TaskEnvironment(name="etl", image=image)\n';

describe('Flyte 2 rules in the language server', () => {
  it('publishes IS701 and IS703 on a chain and applies their quick fixes', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: { select: ['IS7'] } });
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    const diags = await c.diagnostics(uri, { pred: (d) => d.length === 2 });
    expect(diags.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.character])).toEqual([
      ['IS701', 1, 3, 13, 30],
      ['IS703', 1, 3, 31, 50],
    ]);
    expect(diags[1].message).toContain("TypeError: PipPackages field 'packages' contains a list at index 0: ['pandas', 'numpy']");

    const at = async (line: number, character: number) =>
      c.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line, character }, end: { line, character } },
        context: { diagnostics: diags.filter((d) => d.range.start.line === line && d.range.start.character <= character && character <= d.range.end.character) },
      });
    const spread = (await at(3, 35)).find((a) => a.title === 'Pass the items as separate arguments')!;
    expect(spread.isPreferred).toBe(true);
    let text = applyEdits(SRC, editsFor(spread.edit, uri));
    expect(text.split('\n')[3]).toBe('image = base.with_pip_packages("pandas", "numpy")');

    const clone = (await at(3, 20)).find((a) => a.title.startsWith('Insert `.clone('))!;
    text = applyEdits(text, editsFor(clone.edit, uri).map((e) => e));
    expect(text.split('\n')[3]).toBe('image = base.clone(name="python", extendable=True).with_pip_packages("pandas", "numpy")');

    // The fixed text lints clean.
    const v = await c.change(uri, [{ text }]);
    expect(await c.diagnostics(uri, { version: v })).toEqual([]);
  });

  it('hover on an environment cloned with clone_with shows the image it runs on, not "auto"', async () => {
    const root = tempProject();
    const c = await start({ root });
    const src = 'import flyte\nimg = flyte.Image.from_debian_base(name="a")\nenv = flyte.TaskEnvironment(name="e", image=img)\nc1 = env.clone_with("c1")\nc2 = flyte.TaskEnvironment(name="plain")\n';
    const uri = await c.open(path.join(root, 'app.py'), src);
    await c.diagnostics(uri, { version: 1 });
    const hover = async (line: number) =>
      (await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line, character: 8 } }))?.contents.value ?? '';
    const cloned = await hover(3);
    expect(cloned).not.toContain('image="auto"');
    expect(cloned).not.toBe('');
    expect(cloned).toBe(await hover(2));
    expect(await hover(4)).toContain('image="auto"');
  });
});
