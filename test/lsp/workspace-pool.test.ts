// The language server's workspace lint on the lint pool (server/lsp/workspaceScan.ts,
// workspaceLint.ts, server/workspace/pool.ts): whatever the thread count
// (IMAGESPEC_JOBS), workspace/diagnostic answers exactly what one thread
// answers (every file, in order, with the same ranges and messages), and
// push mode's `lintWorkspace` publishes the same diagnostics, over a
// generated tree of two workspace folders with a nested project, files the
// prefilter drops, files that are not text, an open document and a file
// whose lint reads a document open in the editor and not saved. The
// server's log says how many files the workers linted: more than none.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempProject, uriOf, useClients, type LspClient } from './client';
import { generateCorpus, generateWorkflowCorpus, writeCorpus } from '../../bench/corpus';

const start = useClients();
const pullCaps = { textDocument: { diagnostic: { dynamicRegistration: false } } };

/** Python without the word: the prefilter drops it (an empty report). */
function filler(i: number): string {
  return `"""Module ${i}."""\nimport os\n\n\ndef f${i}(x):\n    return [y * ${i} for y in range(x)]\n`.repeat(1 + (i % 5));
}

/** Two workspace folders under one root; the second holds a nested project with its own config. */
function generatedTree(): { root: string; folders: string[] } {
  const root = tempProject();
  const a = path.join(root, 'alpha');
  const b = path.join(root, 'beta');
  writeCorpus(path.join(a, 'stress'), generateCorpus(40));
  writeCorpus(path.join(a, 'workflows'), generateWorkflowCorpus(160));
  for (let i = 0; i < 150; i++) {
    const p = path.join(a, 'lib', `pkg${i % 7}`, `mod_${String(i).padStart(3, '0')}.py`);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, filler(i));
  }
  // Not text: not reported.
  fs.writeFileSync(path.join(a, 'lib', 'bad_utf8.py'), Buffer.from('from flytekit import ImageSpec\nx = "\xff\xfe"\n', 'latin1'));
  fs.writeFileSync(path.join(a, 'lib', 'binary.py'), Buffer.from('ImageSpec\0\0\0', 'latin1'));
  // Its requirements file is open in the editor and not saved: found (no IS401), on any thread.
  fs.mkdirSync(path.join(a, 'reqs'), { recursive: true });
  fs.writeFileSync(path.join(a, 'reqs', 'app.py'), 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="app", registry="ghcr.io/acme", requirements="requirements.txt")\n');
  fs.mkdirSync(path.join(b, 'nested'), { recursive: true });
  fs.writeFileSync(path.join(b, 'nested', 'imagespec-lint.toml'), 'ignore = ["IS502"]\n');
  writeCorpus(path.join(b, 'nested'), generateWorkflowCorpus(60, 7));
  writeCorpus(path.join(b, 'top'), generateWorkflowCorpus(60, 11));
  return { root, folders: [a, b] };
}

interface Report {
  kind: string;
  uri: string;
  version?: number | null;
  items?: { code: string; message: string; range: unknown; severity: number }[];
}

/** The document open in every run, edited (not saved): a typo the file on disk does not have. */
const OPEN_TEXT = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="opened", registry="ghcr.io/acme", pakages=["x"])\n';

async function session(tree: { root: string; folders: string[] }, jobs: number, mode: 'pull' | 'push'): Promise<LspClient> {
  const [a] = tree.folders;
  const c = await start({
    root: tree.root,
    folders: tree.folders,
    capabilities: mode === 'pull' ? pullCaps : {},
    initializationOptions: mode === 'push' ? { lintWorkspace: true } : {},
    env: { IMAGESPEC_JOBS: String(jobs) },
  });
  await c.open(path.join(a, 'reqs', 'requirements.txt'), 'pandas\n', 'plaintext');
  await c.open(path.join(a, 'workflows', fs.readdirSync(path.join(a, 'workflows')).sort()[3]), OPEN_TEXT);
  return c;
}

async function workspaceLog(c: LspClient): Promise<string> {
  return (await c.until(() => c.logs.find((l) => l.message.includes('imagespec: workspace lint:')), 120_000, 'the workspace lint log line')).message;
}

function filesLinted(log: string): number {
  const m = /\((\d+) files linted by workers\)/.exec(log);
  return m ? Number(m[1]) : 0;
}

describe('workspace lint on the lint pool: what one thread finds', () => {
  it('workspace/diagnostic: every report identical with 1, 2 and 3 threads; workers linted files', async () => {
    const tree = generatedTree();
    const [a] = tree.folders;
    const answers: Report[][] = [];
    const logs: string[] = [];
    for (const jobs of [1, 2, 3]) {
      const c = await session(tree, jobs, 'pull');
      const r = await c.request<{ items: Report[] }>('workspace/diagnostic', { previousResultIds: [] });
      answers.push(r.items);
      logs.push(await workspaceLog(c));
    }
    expect(logs[0]).toMatch(/ on 1 thread$/);
    expect(logs[1]).toMatch(/ on 2 threads \(\d+ files linted by workers\)$/);
    expect(logs[2]).toMatch(/ on 3 threads \(\d+ files linted by workers\)$/);
    expect(filesLinted(logs[1]) + filesLinted(logs[2])).toBeGreaterThan(0);

    const one = answers[0];
    expect(answers[1]).toEqual(one);
    expect(answers[2]).toEqual(one);

    // What the answer holds, the same on every thread count.
    const rel = (uri: string) => path.relative(tree.root, new URL(uri).pathname);
    const byFile = new Map(one.map((r) => [rel(r.uri), r]));
    // From disk: the 160 + 60 + 60 workflow modules, 40 stress modules, 150 dropped by the prefilter, reqs/app.py (one of the workflow modules is open: from the editor), and the open requirements file.
    expect(one.length).toBe(160 + 60 + 60 + 40 + 150 + 1 + 1);
    expect(byFile.has('alpha/lib/bad_utf8.py')).toBe(false);
    expect(byFile.has('alpha/lib/binary.py')).toBe(false);
    expect(byFile.get('alpha/lib/pkg0/mod_000.py')).toEqual({ kind: 'full', uri: uriOf(path.join(a, 'lib', 'pkg0', 'mod_000.py')), version: null, items: [] });
    expect(byFile.get('alpha/reqs/app.py')!.items!.map((d) => d.code)).not.toContain('IS401');
    // The open documents first, from the editor (the requirements file has no report of its own).
    expect(one.slice(0, 2).map((r) => [rel(r.uri), r.version])).toEqual([
      ['alpha/reqs/requirements.txt', 1],
      [expect.stringMatching(/^alpha\/workflows\//), 1],
    ]);
    expect(one[0].items).toEqual([]);
    const opened = one[1];
    expect(opened.items!.map((d) => [d.code, d.message])).toEqual([['IS501', expect.stringContaining('pakages')]]);
    // The nested project ignores IS502; its neighbour folder does not.
    const codesUnder = (dir: string) => one.filter((r) => rel(r.uri).startsWith(dir)).flatMap((r) => r.items!.map((d) => d.code));
    expect(codesUnder('beta/nested/').length).toBeGreaterThan(0);
    expect(codesUnder('beta/nested/')).not.toContain('IS502');
    expect(codesUnder('alpha/workflows/').length).toBeGreaterThan(50);
  }, 300_000);

  it('push mode, lintWorkspace: the same diagnostics published with 1 and 2 threads', async () => {
    const tree = generatedTree();
    const published: Map<string, unknown>[] = [];
    for (const jobs of [1, 2]) {
      const c = await session(tree, jobs, 'push');
      const log = await workspaceLog(c);
      expect(log).toMatch(jobs === 1 ? / on 1 thread$/ : / on 2 threads \(\d+ files linted by workers\)$/);
      // Published in file order, the last per file (the open document's from the editor).
      const last = new Map<string, unknown>();
      for (const p of c.published) last.set(p.uri, { version: p.version ?? null, diagnostics: p.diagnostics });
      published.push(last);
    }
    expect([...published[1].keys()]).toEqual([...published[0].keys()]);
    expect(published[1]).toEqual(published[0]);
    expect(published[0].size).toBeGreaterThan(100);
  }, 300_000);
});
