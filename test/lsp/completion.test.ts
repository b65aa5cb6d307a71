// Completion and document links through the protocol.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionList, DocumentLink } from 'vscode-languageserver-protocol';
import { ensureBuilt, LspClient, tempProject, uriOf } from './client';
import { GarTestServer } from '../garServer';

let c: LspClient;
let root: string;
let gar: GarTestServer;

beforeAll(async () => {
  ensureBuilt();
  gar = new GarTestServer();
  const { endpoint } = await gar.start();
  gar.addRepository({ project: 'acme-ml', location: 'us-east1', repository: 'images' });
  gar.addRepository({ project: 'acme-ml', location: 'us-east1', repository: 'maven', format: 'MAVEN' });
  root = tempProject({ 'requirements.txt': 'pandas\n', 'src/data.csv': 'a,b\n', 'src/pkg/__init__.py': '' });
  c = await LspClient.start({
    root,
    initializationOptions: { deep: true, gar: { endpoint, repositories: ['us-east1/acme-ml/configured'] }, dataplane: { region: 'europe-west4', project: 'acme-ml' } },
  });
});
afterAll(async () => {
  await c.stop();
  await gar.stop();
});

let n = 0;
async function completeAt(text: string, marker = '|'): Promise<CompletionList | null> {
  const at = text.indexOf(marker);
  const clean = text.slice(0, at) + text.slice(at + 1);
  const before = clean.slice(0, at).split('\n');
  const uri = await c.open(path.join(root, `c${n++}.py`), clean);
  return c.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line: before.length - 1, character: before[before.length - 1].length } });
}

const HEAD = 'from flytekit import ImageSpec\n';

describe('completion', () => {
  it('offers unused keyword names, with docs, in an unfinished call', async () => {
    const list = await completeAt(HEAD + 'image = ImageSpec(name="x", reg|\n');
    const labels = list!.items.map((i) => i.label);
    expect(labels).toContain('registry');
    expect(labels).not.toContain('name');
    expect(labels).toHaveLength(28);
    const reg = list!.items.find((i) => i.label === 'registry')!;
    expect(reg.textEdit).toEqual({ range: { start: { line: 1, character: 28 }, end: { line: 1, character: 31 } }, newText: 'registry=' });
    expect((reg.documentation as { value: string }).value).toContain('The registry to push to');
  });

  it('counts keywords written after the cursor and follows aliases', async () => {
    const list = await completeAt('from flytekit import ImageSpec as Spec\nimage = Spec(|, packages=["a"])\n');
    const labels = list!.items.map((i) => i.label);
    expect(labels).not.toContain('packages');
    expect(labels).toContain('name');
  });

  it('offers Artifact Registry hosts in registry="", the data plane region first', async () => {
    const list = await completeAt(HEAD + 'image = ImageSpec(registry="eu|")\n');
    const labels = list!.items.map((i) => i.label);
    expect(labels.slice(0, 2)).toEqual(['europe-west4-docker.pkg.dev', 'europe-docker.pkg.dev']);
    expect(list!.items[0].textEdit).toEqual({ range: { start: { line: 1, character: 28 }, end: { line: 1, character: 30 } }, newText: 'europe-west4-docker.pkg.dev' });
  });

  it('offers the data plane project, then configured and listed Docker repositories', async () => {
    const p = await completeAt(HEAD + 'image = ImageSpec(registry="us-east1-docker.pkg.dev/|")\n');
    expect(p!.items.map((i) => i.label)).toEqual(['us-east1-docker.pkg.dev/acme-ml/']);
    const r = await completeAt(HEAD + 'image = ImageSpec(registry="us-east1-docker.pkg.dev/acme-ml/|")\n');
    expect(r!.items.map((i) => i.label)).toEqual(['us-east1-docker.pkg.dev/acme-ml/configured', 'us-east1-docker.pkg.dev/acme-ml/images']);
  });

  it('offers builder, platform and python_version values', async () => {
    const b = await completeAt(HEAD + 'image = ImageSpec(builder="|")\n');
    expect(b!.items.map((i) => i.label)).toEqual(['default', 'noop', 'envd', 'union', 'unionai']);
    const p = await completeAt(HEAD + 'image = ImageSpec(platform=|)\n');
    expect(p!.items[0].textEdit).toMatchObject({ newText: '"linux/amd64"' });
    const v = await completeAt(HEAD + "image = ImageSpec(python_version='3.1|')\n");
    expect(v!.items.map((i) => i.label)).toContain('3.12');
  });

  it('offers nothing outside ImageSpec calls, in other strings or after the call closed', async () => {
    expect(await completeAt(HEAD + 'x = dict(|)\n')).toBeNull();
    expect(await completeAt(HEAD + 'x = "ImageSpec(|"\n')).toBeNull();
    expect(await completeAt(HEAD + 'image = ImageSpec(name="x")|\n')).toBeNull();
    expect(await completeAt(HEAD + 'image = ImageSpec(packages=["a", |])\n')).toBeNull();
    expect(await c.request('textDocument/completion', { textDocument: { uri: 'file:///no/such.py' }, position: { line: 0, character: 0 } })).toBeNull();
  });
});

describe('document links', () => {
  it('links requirements, copy and source_root to existing files and folders only', async () => {
    const text = HEAD + 'image = ImageSpec(requirements="requirements.txt", copy=["src/data.csv", "missing.txt"], source_root="src")\n';
    const uri = await c.open(path.join(root, 'links.py'), text);
    const links = await c.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
    const line = text.split('\n')[1];
    expect(links.map((l) => [line.slice(l.range.start.character, l.range.end.character), l.target])).toEqual([
      ['requirements.txt', uriOf(path.join(root, 'requirements.txt'))],
      ['src/data.csv', uriOf(path.join(root, 'src/data.csv'))],
      ['src', uriOf(path.join(root, 'src'))],
    ]);
    expect(fs.existsSync(path.join(root, 'missing.txt'))).toBe(false);
  });
});
