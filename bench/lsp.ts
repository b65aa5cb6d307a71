// Language server bench (issue 4's targets), through the protocol against
// the built server (`node bin/imagespec-language-server.js --stdio`):
//
//  1. p95 latency from didChange to the publishDiagnostics of that version,
//     on a 5,000-line module with 50 ImageSpec calls, one incremental edit
//     inside a spec at a time (sequential: each edit waits for its result).
//     Target < 15 ms.
//  2. Server RSS after opening 1,000 workflow modules (bench/corpus.ts,
//     1-3 ImageSpec each) and receiving each one's diagnostics. Target < 150 MB.
//
// Run alone: `node dist/bench/lsp.js [--edits N] [--files N]`; `npm run bench`
// calls the default export after its own section.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { generateWorkflowCorpus } from './corpus';

export const LATENCY_TARGET_MS = 15;
export const RSS_TARGET_MB = 150;

export interface LspBenchOptions {
  repoRoot?: string;
  /** Edits measured (default 300, after 20 warm-up edits). */
  edits?: number;
  /** Files opened for the RSS figure (default 1000). */
  files?: number;
  /** Print the table (default true). */
  print?: boolean;
}

export interface LspBenchResult {
  lines: number;
  specs: number;
  edits: number;
  p50: number;
  p95: number;
  max: number;
  files: number;
  rssMb: number;
  rssIdleMb: number;
}

/** A 5,000-line module: 50 blocks of one ImageSpec call and 92 lines of ordinary code. */
export function bigModule(specs = 50, lines = 5000): string {
  const out: string[] = ['"""Bench module for the language server."""', 'import os', 'from flytekit import ImageSpec, task, workflow', ''];
  const per = Math.floor((lines - out.length) / specs);
  for (let i = 0; i < specs; i++) {
    const block = [
      `image_${i} = ImageSpec(`,
      `    name="svc-${i}",`,
      `    registry="us-east1-docker.pkg.dev/acme-ml/images",`,
      `    python_version="3.11",`,
      `    packages=["pandas==2.2.2", "numpy", "pkg-${i}"],`,
      `    apt_packages=["git"],`,
      `    env={"MODE": "batch", "INDEX": "${i}"},`,
      `)`,
      '',
    ];
    out.push(...block);
    let fn = 0;
    while (block.length + (out.length % per === 0 ? 0 : 0) < per && out.length < (i + 1) * per + 4) {
      out.push(`@task(container_image=image_${i})`, `def step_${i}_${fn}(x: int) -> int:`, `    y = x * ${fn + 1} + ${i}`, `    return y`, '');
      fn++;
    }
  }
  while (out.length < lines) out.push(`# filler ${out.length}`);
  return out.slice(0, lines).join('\n') + '\n';
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    /* not Linux */
  }
  return NaN;
}

export async function benchLsp(o: LspBenchOptions = {}): Promise<LspBenchResult> {
  const repoRoot = o.repoRoot ?? path.resolve(__dirname, '..', '..');
  const edits = o.edits ?? 300;
  const fileCount = o.files ?? 1000;
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'imagespec-lsp-bench-')));
  fs.mkdirSync(path.join(dir, '.git'));
  // IMAGESPEC_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" profiles the server.
  const nodeArgs = (process.env.IMAGESPEC_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, path.join(repoRoot, 'bin', 'imagespec-language-server.js'), '--stdio'], {
    cwd: dir,
    env: { ...process.env, DOCKER_CONFIG: path.join(dir, '.docker'), IMAGESPEC_CACHE_DIR: path.join(dir, '.cache') },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const waiting = new Map<string, { version: number; resolve: (t: number) => void }>();
  const seen = new Set<string>();
  let onSeen: (() => void) | undefined;
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    const t = performance.now();
    seen.add(p.uri);
    onSeen?.();
    const w = waiting.get(p.uri);
    if (w && (p.version ?? -1) >= w.version) {
      waiting.delete(p.uri);
      w.resolve(t);
    }
  });
  conn.onRequest(() => null);
  conn.listen();
  const published = (uri: string, version: number) => new Promise<number>((resolve) => waiting.set(uri, { version, resolve }));
  try {
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: {},
      // Offline rules only: deep checks would measure the network.
      initializationOptions: { deep: false },
    });
    await conn.sendNotification('initialized', {});

    // 1. Latency.
    const text = bigModule();
    const lines = text.split('\n');
    const file = path.join(dir, 'big_module.py');
    const uri = pathToFileURL(file).href;
    let p = published(uri, 1);
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    await p;
    const nameLines = lines.map((l, i) => (/^\s+name="svc-\d+",$/.test(l) ? i : -1)).filter((i) => i >= 0);
    const specs = nameLines.length;
    const samples: number[] = [];
    let version = 1;
    for (let i = 0; i < edits + 20; i++) {
      const line = nameLines[i % nameLines.length];
      // Type one character into the name, or delete it again: the spec changes, the file stays valid.
      const col = lines[line].indexOf('svc-') + 4;
      const insert = i % 2 === 0;
      const change = insert
        ? { range: { start: { line, character: col }, end: { line, character: col } }, text: 'x' }
        : { range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: '' };
      version++;
      p = published(uri, version);
      const t0 = performance.now();
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      const t1 = await p;
      if (i >= 20) samples.push(t1 - t0);
      // A pause between keystrokes, as when typing.
      await new Promise((r) => setTimeout(r, 2));
    }
    const rssIdleMb = rssMb(proc.pid!);

    // 2. Memory after opening many files.
    const corpus = generateWorkflowCorpus(fileCount);
    const allSeen = new Promise<void>((resolve) => {
      onSeen = () => {
        if (seen.size >= fileCount + 1) resolve();
      };
    });
    for (const f of corpus) {
      const abs = path.join(dir, 'workflows', f.name);
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(abs).href, languageId: 'python', version: 1, text: f.bytes.toString('utf8') } });
    }
    await allSeen;
    if (global.gc) global.gc();
    await new Promise((r) => setTimeout(r, 500));
    const rss = rssMb(proc.pid!);
    const result: LspBenchResult = {
      lines: lines.length - 1,
      specs,
      edits: samples.length,
      p50: percentile(samples, 50),
      p95: percentile(samples, 95),
      max: Math.max(...samples),
      files: fileCount,
      rssMb: rss,
      rssIdleMb,
    };
    if (o.print !== false) printTable(result);
    await conn.sendRequest('shutdown', null);
    await conn.sendNotification('exit', null);
    return result;
  } finally {
    setTimeout(() => proc.kill('SIGKILL'), 2000).unref();
    conn.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function printTable(r: LspBenchResult): void {
  const ok = (v: boolean) => (v ? 'ok' : 'OVER TARGET');
  const rows: [string, string, string, string][] = [
    [`didChange → publishDiagnostics p50 (${r.lines} lines, ${r.specs} specs, ${r.edits} edits)`, `${r.p50.toFixed(2)} ms`, '', ''],
    ['didChange → publishDiagnostics p95', `${r.p95.toFixed(2)} ms`, `< ${LATENCY_TARGET_MS} ms`, ok(r.p95 < LATENCY_TARGET_MS)],
    ['didChange → publishDiagnostics max', `${r.max.toFixed(2)} ms`, '', ''],
    ['server RSS with the big module open', `${r.rssIdleMb.toFixed(1)} MB`, '', ''],
    [`server RSS after opening ${r.files} files`, `${r.rssMb.toFixed(1)} MB`, `< ${RSS_TARGET_MB} MB`, ok(r.rssMb < RSS_TARGET_MB)],
  ];
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((x) => x[i].length), ['measure', 'value', 'target', ''][i].length));
  const line = (x: string[]) => `| ${x.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  console.log(line(['measure', 'value', 'target', '']));
  console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
  for (const r2 of rows) console.log(line(r2));
}

/** The `npm run bench` plug-in entry (bench/run.ts). */
export default async function run(ctx: { repoRoot?: string } = {}): Promise<void> {
  console.log('\n## language server (bench/lsp.ts)');
  await benchLsp({ repoRoot: ctx.repoRoot });
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  benchLsp({ edits: arg('--edits'), files: arg('--files') }).then(
    (r) => process.exit(r.p95 < LATENCY_TARGET_MS && r.rssMb < RSS_TARGET_MB ? 0 : 1),
    (e) => {
      console.error(e);
      process.exit(2);
    },
  );
}
