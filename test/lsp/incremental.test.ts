// Keystroke re-lints reuse the declarations of statements a change did not
// touch (server/extract/incremental.ts). Through the protocol: every answer
// after a sequence of edits must be what a server that opened the final text
// fresh answers (same codes, messages and ranges), in push and pull mode,
// when a module constant, a file on disk or the settings change, and for
// quick fixes of a declaration that moved; and for Flyte 2 modules, whose
// declarations hold each other across statements (an extension of a
// module-level image, an environment's image).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, TextDocumentContentChangeEvent, TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits, LspClient, tempProject, useClients } from './client';

const start = useClients();

const SRC = [
  'from flytekit import ImageSpec',
  'REG = "ghcr.io/Acme"',
  '',
  'a = ImageSpec(name="a", pacakges=["x"], registry=REG)',
  'b = ImageSpec(name="b", pacakges=["y"])',
  'c = ImageSpec(name="c", registry=REG, requirements="requirements.txt")',
  '',
].join('\n');

const SELECT = { select: ['IS501', 'IS102', 'IS401'] };

const brief = (d: Diagnostic[]) => d.map((x) => [x.code, x.range.start.line, x.range.start.character, x.range.end.line, x.range.end.character, x.message]);

/** The text after LSP changes (as the server applies them: in order). */
function apply(text: string, changes: TextDocumentContentChangeEvent[]): string {
  let out = text;
  for (const c of changes) out = 'range' in c ? applyEdits(out, [{ range: c.range, newText: c.text }]) : c.text;
  return out;
}

/** An editor session: the client's copy of the text, kept in step with the server's. */
async function session(c: LspClient, root: string, text: string) {
  let current = text;
  const uri = await c.open(path.join(root, 'app.py'), text);
  await c.diagnostics(uri, { version: 1 });
  // Typing starts: the first change parses from scratch (an unedited document
  // keeps no tree), the second builds the memo, later ones reuse it.
  const blank = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' };
  await c.change(uri, [blank]);
  await c.diagnostics(uri, { version: await c.change(uri, [blank]) });
  return {
    uri,
    get text() {
      return current;
    },
    /** Sends one change (offsets of `from` in the current text) and returns the diagnostics of that version. */
    async replace(from: string, to: string): Promise<Diagnostic[]> {
      const at = current.indexOf(from);
      if (at === -1) throw new Error(`no ${JSON.stringify(from)}`);
      const pos = (o: number) => {
        const before = current.slice(0, o).split('\n');
        return { line: before.length - 1, character: before[before.length - 1].length };
      };
      const change = { range: { start: pos(at), end: pos(at + from.length) }, text: to };
      current = apply(current, [change]);
      const v = await c.change(uri, [change]);
      return c.diagnostics(uri, { version: v });
    },
  };
}

/** What a fresh server says about `text` (the reference every incremental answer must match). */
async function fresh(text: string, root: string, init: unknown = SELECT): Promise<Diagnostic[]> {
  const c = await start({ root, initializationOptions: init });
  const uri = await c.open(path.join(root, 'fresh.py'), text);
  return c.diagnostics(uri, { version: 1 });
}

describe('incremental re-lint through the protocol', () => {
  it('a finding fixed in one spec goes, the others stay; lines inserted above move every finding', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: SELECT });
    const s = await session(c, root, SRC);
    let d = await s.replace('b", pacakges', 'b", packages');
    expect(brief(d)).toEqual(brief(await fresh(s.text, root)));
    expect(d.filter((x) => x.code === 'IS501').map((x) => x.range.start.line)).toEqual([3]);
    d = await s.replace('\na = ', '\n# moved\n\na = ');
    expect(brief(d)).toEqual(brief(await fresh(s.text, root)));
    expect(d.filter((x) => x.code === 'IS501').map((x) => x.range.start.line)).toEqual([5]);
    // Typing on a spec's own first line after another statement: `x = 1; a = ...`.
    d = await s.replace('\na = ', '\nx = 1; a = ');
    expect(brief(d)).toEqual(brief(await fresh(s.text, root)));
    // And a finding that appears again in a spec that was reused for several edits.
    d = await s.replace('b", packages', 'b", pacakges');
    expect(brief(d)).toEqual(brief(await fresh(s.text, root)));
    expect(d.filter((x) => x.code === 'IS501')).toHaveLength(2);
  });

  it('a module constant edited: every spec that reads it is linted again', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: SELECT });
    const s = await session(c, root, SRC);
    const before = (await s.replace('name="b"', 'name="bb"')).filter((x) => x.code === 'IS102');
    expect(before.length).toBeGreaterThan(0);
    let d = await s.replace('"ghcr.io/Acme"', '"ghcr.io/acme"');
    expect(d.filter((x) => x.code === 'IS102')).toEqual([]);
    expect(brief(d)).toEqual(brief(await fresh(s.text, root)));
    d = await s.replace('"ghcr.io/acme"', '"ghcr.io/ACME"');
    expect(brief(d)).toEqual(brief(await fresh(s.text, root)));
    // Assigned a second time: no longer a constant, nothing to report from it.
    d = await s.replace('\nb = ', '\nREG = "ghcr.io/x"\nb = ');
    expect(d.filter((x) => x.code === 'IS102')).toEqual([]);
    expect(brief(d)).toEqual(brief(await fresh(s.text, root)));
  });

  it('a requirements file created and deleted on disk while the specs are reused', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: SELECT });
    const s = await session(c, root, SRC);
    let d = await s.replace('name="b"', 'name="b2"');
    expect(d.map((x) => x.code)).toContain('IS401');
    fs.writeFileSync(path.join(root, 'requirements.txt'), 'pandas\n');
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: `file://${root}/requirements.txt`, type: 1 }] });
    await c.diagnostics(s.uri, { pred: (x) => !x.some((y) => y.code === 'IS401') });
    d = await s.replace('name="b2"', 'name="b3"');
    expect(d.map((x) => x.code)).not.toContain('IS401');
    expect(brief(d)).toEqual(brief(await fresh(s.text, root)));
    fs.rmSync(path.join(root, 'requirements.txt'));
    await c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: `file://${root}/requirements.txt`, type: 3 }] });
    await c.diagnostics(s.uri, { pred: (x) => x.some((y) => y.code === 'IS401') });
    d = await s.replace('name="b3"', 'name="b4"');
    expect(brief(d)).toEqual(brief(await fresh(s.text, root)));
  });

  it('settings changed between keystrokes apply to the reused specs', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: SELECT });
    const s = await session(c, root, SRC);
    await c.notify('workspace/didChangeConfiguration', { settings: { imagespec: { select: ['IS501'], severity: { IS501: 'info' } } } });
    await c.diagnostics(s.uri, { pred: (x) => x.length > 0 && x.every((y) => y.code === 'IS501' && y.severity === 3) });
    const d = await s.replace('name="b"', 'name="b1"');
    expect(brief(d)).toEqual(brief(await fresh(s.text, root, { select: ['IS501'], severity: { IS501: 'info' } })));
    expect(d.every((x) => x.severity === 3)).toBe(true);
  });

  it('pull diagnostics after edits equal a fresh lint', async () => {
    const root = tempProject();
    const pullCaps = { textDocument: { diagnostic: { dynamicRegistration: false } } };
    const c = await start({ root, capabilities: pullCaps, initializationOptions: SELECT });
    const uri = await c.open(path.join(root, 'app.py'), SRC);
    let text = SRC;
    const pull = async () => (await c.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } })).items;
    await pull();
    for (const [from, to] of [
      ['name="a"', 'name="a1"'],
      ['b", pacakges', 'b", packages'],
      ['\nc = ', '\n\n\nc = '],
      ['"ghcr.io/Acme"', '"ghcr.io/acme"'],
    ]) {
      const at = text.indexOf(from);
      const before = text.slice(0, at).split('\n');
      const end = text.slice(0, at + from.length).split('\n');
      const change = {
        range: { start: { line: before.length - 1, character: before[before.length - 1].length }, end: { line: end.length - 1, character: end[end.length - 1].length } },
        text: to,
      };
      text = apply(text, [change]);
      await c.change(uri, [change]);
      expect(brief(await pull()), `after ${from} -> ${to}`).toEqual(brief(await fresh(text, root)));
    }
  });

  it('the quick fix of a spec that moved (reused, not re-extracted) edits the right place', async () => {
    const root = tempProject();
    const c = await start({ root, initializationOptions: { select: ['IS501'] } });
    const s = await session(c, root, SRC);
    const d = await s.replace('\nb = ', '\n# one\n# two\nb = ');
    const typo = d.find((x) => x.code === 'IS501' && x.range.start.line === 6)!;
    expect(typo).toBeDefined();
    const list = await c.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: s.uri },
      range: typo.range,
      context: { diagnostics: [typo] },
    });
    const fix = list.find((a) => a.isPreferred)!;
    const edits = fix.edit!.changes![s.uri] as TextEdit[];
    expect(applyEdits(s.text, edits)).toBe(s.text.replace('b = ImageSpec(name="b", pacakges', 'b = ImageSpec(name="b", packages'));
  });

  it('Flyte 2: edits to an image reach its extensions and environments; reused chains keep their findings when lines move', async () => {
    const root = tempProject();
    const init = { select: ['IS701', 'IS102', 'IS703', 'IS713'] };
    const c = await start({ root, initializationOptions: init });
    const src = [
      'import flyte',
      'REG = "ghcr.io/Acme"',
      '',
      'base = flyte.Image.from_base("python:3.12").with_pip_packages("x")',
      'ok = flyte.Image.from_debian_base(registry=REG, name="ok")',
      'gpu = ok.with_pip_packages(["torch"])',
      'env = flyte.TaskEnvironment(name="env", image=gpu)',
      'env2 = flyte.TaskEnvironment(name="env2", image=ok.with_apt_packages(["git"]))',
      '',
    ].join('\n');
    const s = await session(c, root, src);
    const steps: [string, string][] = [
      ['"x"', '"y"'],
      ['["torch"]', '"torch"'],
      ['\ngpu = ', '\n# one\n\ngpu = '],
      ['"ghcr.io/Acme"', '"ghcr.io/acme"'],
      // The base becomes non-extendable: the layer its extension adds (another statement) is now an error.
      ['flyte.Image.from_debian_base(registry=REG, name="ok")', 'flyte.Image.from_base("python:3.12")'],
      ['\n# one\n', '\n'],
      ['"torch"', '["torch"]'],
    ];
    const codes: string[][] = [];
    for (const [from, to] of steps) {
      const d = await s.replace(from, to);
      expect(brief(d), `after ${from} -> ${to}`).toEqual(brief(await fresh(s.text, root, init)));
      codes.push(d.map((x) => `${x.code}@${x.range.start.line}`));
    }
    expect(codes[0]).toEqual(['IS701@3', 'IS102@4', 'IS703@5', 'IS703@7']);
    expect(codes[2]).toEqual(['IS701@3', 'IS102@4', 'IS703@9']);
    expect(codes[4]).toEqual(['IS701@3', 'IS701@7', 'IS701@9', 'IS703@9']);
  });
});
