// Language server bench (issue 4's targets), through the protocol against
// the built server (`node bin/imagespec-language-server.js --stdio`). Two
// phases, each in a server of its own:
//
//  1. Latency: p95 from didChange to the publishDiagnostics of that version,
//     on a 5,000-line module with 50 ImageSpec calls. Each keystroke types a
//     character into a spec's name and the next one deletes it again, so the
//     module stays valid and identical every two edits; each edit waits for
//     its diagnostics, then pauses (--pause, default 20 ms: 50 keystrokes a
//     second, faster than anyone types). 50 warm-up edits are not measured.
//     Target < 15 ms.
//  1b. The same on a 5,000-line Flyte 2 module: 50 `flyte.Image` chains
//     (constructor, apt / pip / env layers), 25 extended later by name and
//     50 TaskEnvironments using them; each keystroke types into an image's
//     `name`. Target < 15 ms.
//  2. Memory: a FRESH server opens 1,000 workflow modules (bench/corpus.ts,
//     1-3 ImageSpec each); its RSS once every file's diagnostics arrived and
//     the server has been idle for a second. Target < 150 MB.
//
// Run alone: `node dist/bench/lsp.js [--edits N] [--files N] [--pause MS]
// [--only imagespec|flyte]` (`--only`: that keystroke phase alone, no memory
// phase); `npm run bench` calls the default export after its own section.
// IMAGESPEC_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" profiles the servers.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { generateWorkflowCorpus } from './corpus';

export const LATENCY_TARGET_MS = 15;
export const RSS_TARGET_MB = 150;

export interface LspBenchOptions {
  repoRoot?: string;
  /** Edits measured (default 500, after 50 warm-up edits). */
  edits?: number;
  /** Pause between an edit's diagnostics and the next edit, ms (default 20). */
  pauseMs?: number;
  /** Files opened for the RSS figure (default 1000). */
  files?: number;
  /** Print the table (default true). */
  print?: boolean;
}

/** One keystroke phase alone (`--only`). */
export async function benchKeystrokes(variant: 'imagespec' | 'flyte', o: LspBenchOptions = {}) {
  const repoRoot = o.repoRoot ?? path.resolve(__dirname, '..', '..');
  const r = await latencyPhase(repoRoot, o.edits ?? 500, o.pauseMs ?? 20, variant === 'flyte' ? bigFlyteModule() : bigModule());
  const s = r.samples;
  return { variant, lines: r.lines, decls: r.specs, edits: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: Math.max(...s) };
}

export interface LspBenchResult {
  lines: number;
  specs: number;
  edits: number;
  pauseMs: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** The same latency on the Flyte 2 module (bigFlyteModule). */
  flyte: { lines: number; images: number; p50: number; p95: number; p99: number; max: number };
  /** RSS of the latency server after its edits (the big module open). */
  rssLatencyServerMb: number;
  files: number;
  /** RSS of a fresh server after opening `files` files. */
  rssMb: number;
}

const WARMUP_EDITS = 50;

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
    while (block.length < per && out.length < (i + 1) * per + 4) {
      out.push(`@task(container_image=image_${i})`, `def step_${i}_${fn}(x: int) -> int:`, `    y = x * ${fn + 1} + ${i}`, `    return y`, '');
      fn++;
    }
  }
  while (out.length < lines) out.push(`# filler ${out.length}`);
  return out.slice(0, lines).join('\n') + '\n';
}

/** A 5,000-line Flyte 2 module: 50 blocks of a flyte.Image chain, an extension of every other one, an environment and ordinary code. */
export function bigFlyteModule(images = 50, lines = 5000): string {
  const out: string[] = ['"""Bench module for the language server (Flyte 2)."""', 'import os', 'from pathlib import Path', 'import flyte', ''];
  const per = Math.floor((lines - out.length) / images);
  for (let i = 0; i < images; i++) {
    const block = [
      `image_${i} = (`,
      `    flyte.Image.from_debian_base(`,
      `        python_version=(3, 12),`,
      `        registry="us-east1-docker.pkg.dev/acme-ml/images",`,
      `        name="svc-${i}",`,
      `    )`,
      `    .with_apt_packages("git", "curl")`,
      `    .with_pip_packages("pandas==2.2.2", "numpy", "pkg-${i}", pre=True)`,
      `    .with_env_vars({"MODE": "batch", "INDEX": "${i}"})`,
      `)`,
      ...(i % 2 === 0 ? [`gpu_${i} = image_${i}.with_pip_packages("torch==2.4.0")`] : []),
      `env_${i} = flyte.TaskEnvironment(name="env-${i}", image=${i % 2 === 0 ? `gpu_${i}` : `image_${i}`})`,
      '',
    ];
    out.push(...block);
    let fn = 0;
    while (block.length < per && out.length < (i + 1) * per + 5) {
      out.push(`@env_${i}.task`, `async def step_${i}_${fn}(x: int) -> int:`, `    y = x * ${fn + 1} + ${i}`, `    return y`, '');
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface BenchServer {
  conn: MessageConnection;
  proc: ChildProcess;
  dir: string;
  /** Resolves (with the arrival time) when diagnostics of `version` or later arrive for `uri`. */
  published(uri: string, version: number): Promise<number>;
  /** Number of distinct URIs diagnostics arrived for. */
  seen(): number;
  onSeen?: () => void;
  /** performance.now() when `initialize` was answered. */
  initializedAt: number;
  stop(): Promise<void>;
}

/** One server's start-up, as an editor sees it: ms from spawn to the answer of `initialize`, from didOpen to the file's first diagnostics, and from spawn to those diagnostics. */
export interface StartupSample {
  initialize: number;
  open: number;
  total: number;
}

/** The module the start-up figures open: 9,850 lines with 50 specs. */
export const STARTUP_LINES = 9850;
export const STARTUP_SPECS = 50;

/**
 * Spawns a fresh server, initializes it, opens a 9,850-line module with 50
 * specs and waits for its diagnostics (bench/run.ts interleaves this with
 * `node -e 0`, the reference). With `cacheDir` kept across calls, the
 * server's code cache is warm after the first, as on a user's machine.
 */
export async function startupOnce(repoRoot: string, text = bigModule(STARTUP_SPECS, STARTUP_LINES), cacheDir?: string): Promise<StartupSample> {
  const t0 = performance.now();
  const server = await startServer(repoRoot, { cacheDir });
  const tInit = server.initializedAt;
  try {
    const uri = pathToFileURL(path.join(server.dir, 'big_module.py')).href;
    const p = server.published(uri, 1);
    const tOpen = performance.now();
    await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    const tDiag = await p;
    return { initialize: tInit - t0, open: tDiag - tOpen, total: tDiag - t0 };
  } finally {
    await server.stop();
  }
}

export interface StartOptions {
  /** The server's cache folder (its code cache), kept across servers; else a fresh one inside the server's folder. */
  cacheDir?: string;
  /** A folder to open as the one workspace folder (its working directory too); else the server's own empty folder. */
  workspace?: string;
  /** The client's capabilities in `initialize` (default: none). */
  capabilities?: object;
  /** Variables over the bench's environment (undefined: unset). */
  env?: NodeJS.ProcessEnv;
}

/** A fresh server in a folder of its own (removed by stop()), initialized. */
export async function startServer(repoRoot: string, o: StartOptions = {}): Promise<BenchServer> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'imagespec-lsp-bench-')));
  fs.mkdirSync(path.join(dir, '.git'));
  const root = o.workspace ?? dir;
  const nodeArgs = (process.env.IMAGESPEC_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, path.join(repoRoot, 'bin', 'imagespec-language-server.js'), '--stdio'], {
    cwd: root,
    env: { ...process.env, DOCKER_CONFIG: path.join(dir, '.docker'), IMAGESPEC_CACHE_DIR: o.cacheDir ?? path.join(dir, '.cache'), ...o.env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const waiting = new Map<string, { version: number; resolve: (t: number) => void }>();
  const seen = new Set<string>();
  const server: BenchServer = {
    conn,
    proc,
    dir,
    published: (uri, version) => new Promise<number>((resolve) => waiting.set(uri, { version, resolve })),
    seen: () => seen.size,
    initializedAt: 0,
    stop: async () => {
      try {
        await Promise.race([conn.sendRequest('shutdown', null), sleep(2000)]);
        await conn.sendNotification('exit', null);
      } finally {
        setTimeout(() => proc.kill('SIGKILL'), 2000).unref();
        conn.dispose();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    const t = performance.now();
    seen.add(p.uri);
    server.onSeen?.();
    const w = waiting.get(p.uri);
    if (w && (p.version ?? -1) >= w.version) {
      waiting.delete(p.uri);
      w.resolve(t);
    }
  });
  conn.onRequest(() => null);
  conn.listen();
  const rootUri = pathToFileURL(root).href;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    ...(o.workspace ? { workspaceFolders: [{ uri: rootUri, name: path.basename(root) }] } : {}),
    capabilities: o.capabilities ?? {},
    // Offline rules only: deep checks would measure the network.
    initializationOptions: { deep: false },
  });
  server.initializedAt = performance.now();
  await conn.sendNotification('initialized', {});
  return server;
}

async function latencyPhase(repoRoot: string, edits: number, pauseMs: number, text = bigModule()) {
  const server = await startServer(repoRoot);
  try {
    const lines = text.split('\n');
    const uri = pathToFileURL(path.join(server.dir, 'big_module.py')).href;
    let p = server.published(uri, 1);
    await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    await p;
    const nameLines = lines.map((l, i) => (/^\s+name="svc-\d+",$/.test(l) ? i : -1)).filter((i) => i >= 0);
    const samples: number[] = [];
    let version = 1;
    for (let i = 0; i < edits + WARMUP_EDITS; i++) {
      // Even edits type an `x` into a spec's name, odd ones delete it again:
      // the module is valid throughout and back to its text every two edits.
      const line = nameLines[Math.floor(i / 2) % nameLines.length];
      const col = lines[line].indexOf('svc-') + 4;
      const change =
        i % 2 === 0
          ? { range: { start: { line, character: col }, end: { line, character: col } }, text: 'x' }
          : { range: { start: { line, character: col }, end: { line, character: col + 1 } }, text: '' };
      version++;
      p = server.published(uri, version);
      const t0 = performance.now();
      await server.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      const t1 = await p;
      if (i >= WARMUP_EDITS) samples.push(t1 - t0);
      await sleep(pauseMs);
    }
    return { lines: lines.length - 1, specs: nameLines.length, samples, rss: rssMb(server.proc.pid!) };
  } finally {
    await server.stop();
  }
}

async function memoryPhase(repoRoot: string, fileCount: number): Promise<number> {
  const server = await startServer(repoRoot);
  try {
    const corpus = generateWorkflowCorpus(fileCount);
    const allSeen = new Promise<void>((resolve) => {
      server.onSeen = () => {
        if (server.seen() >= fileCount) resolve();
      };
    });
    for (const f of corpus) {
      const abs = path.join(server.dir, 'workflows', f.name);
      await server.conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri: pathToFileURL(abs).href, languageId: 'python', version: 1, text: f.bytes.toString('utf8') },
      });
    }
    await allSeen;
    // Idle for a second: what the server keeps, not what it has not yet collected.
    await sleep(1000);
    return rssMb(server.proc.pid!);
  } finally {
    await server.stop();
  }
}

export async function benchLsp(o: LspBenchOptions = {}): Promise<LspBenchResult> {
  const repoRoot = o.repoRoot ?? path.resolve(__dirname, '..', '..');
  const edits = o.edits ?? 500;
  const pauseMs = o.pauseMs ?? 20;
  const fileCount = o.files ?? 1000;
  const lat = await latencyPhase(repoRoot, edits, pauseMs);
  const fl = await latencyPhase(repoRoot, edits, pauseMs, bigFlyteModule());
  const rss = await memoryPhase(repoRoot, fileCount);
  const result: LspBenchResult = {
    lines: lat.lines,
    specs: lat.specs,
    edits: lat.samples.length,
    pauseMs,
    p50: percentile(lat.samples, 50),
    p95: percentile(lat.samples, 95),
    p99: percentile(lat.samples, 99),
    max: Math.max(...lat.samples),
    flyte: { lines: fl.lines, images: fl.specs, p50: percentile(fl.samples, 50), p95: percentile(fl.samples, 95), p99: percentile(fl.samples, 99), max: Math.max(...fl.samples) },
    rssLatencyServerMb: lat.rss,
    files: fileCount,
    rssMb: rss,
  };
  if (o.print !== false) printTable(result);
  return result;
}

export function printTable(r: LspBenchResult): void {
  const ok = (v: boolean) => (v ? 'ok' : 'OVER TARGET');
  const rows: [string, string, string, string][] = [
    [`didChange → publishDiagnostics p50 (${r.lines} lines, ${r.specs} specs, ${r.edits} edits, ${r.pauseMs} ms apart)`, `${r.p50.toFixed(2)} ms`, '', ''],
    ['didChange → publishDiagnostics p95', `${r.p95.toFixed(2)} ms`, `< ${LATENCY_TARGET_MS} ms`, ok(r.p95 < LATENCY_TARGET_MS)],
    ['didChange → publishDiagnostics p99', `${r.p99.toFixed(2)} ms`, '', ''],
    ['didChange → publishDiagnostics max', `${r.max.toFixed(2)} ms`, '', ''],
    [`Flyte 2 module: didChange → publishDiagnostics p50 (${r.flyte.lines} lines, ${r.flyte.images} flyte.Image chains)`, `${r.flyte.p50.toFixed(2)} ms`, '', ''],
    ['Flyte 2 module: didChange → publishDiagnostics p95', `${r.flyte.p95.toFixed(2)} ms`, `< ${LATENCY_TARGET_MS} ms`, ok(r.flyte.p95 < LATENCY_TARGET_MS)],
    ['Flyte 2 module: didChange → publishDiagnostics max', `${r.flyte.max.toFixed(2)} ms`, '', ''],
    ['RSS of that server after the edits (big module open)', `${r.rssLatencyServerMb.toFixed(1)} MB`, '', ''],
    [`RSS of a fresh server after opening ${r.files} files`, `${r.rssMb.toFixed(1)} MB`, `< ${RSS_TARGET_MB} MB`, ok(r.rssMb < RSS_TARGET_MB)],
  ];
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((x) => x[i].length), ['measure', 'value', 'target', ''][i].length));
  const line = (x: string[]) => `| ${x.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  console.log(line(['measure', 'value', 'target', '']));
  console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
  for (const r2 of rows) console.log(line(r2));
  const load = os.loadavg()[0];
  if (load > os.cpus().length * 0.75) console.log(`(load average ${load.toFixed(1)} on ${os.cpus().length} CPUs while measuring: latency figures are inflated)`);
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
  const only = process.argv.indexOf('--only');
  if (only >= 0) {
    const variant = process.argv[only + 1];
    if (variant !== 'imagespec' && variant !== 'flyte') {
      console.error('--only takes imagespec or flyte');
      process.exit(2);
    }
    benchKeystrokes(variant, { edits: arg('--edits'), pauseMs: arg('--pause') }).then(
      (r) => {
        const f = (x: number) => `${x.toFixed(2)} ms`;
        console.log(`${r.variant}: ${r.lines} lines, ${r.decls} names typed into, ${r.edits} edits: p50 ${f(r.p50)}, p95 ${f(r.p95)}, p99 ${f(r.p99)}, max ${f(r.max)} (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);
        process.exit(r.p95 < LATENCY_TARGET_MS ? 0 : 1);
      },
      (e) => {
        console.error(e);
        process.exit(2);
      },
    );
  } else
  benchLsp({ edits: arg('--edits'), files: arg('--files'), pauseMs: arg('--pause') }).then(
    (r) => process.exit(r.p95 < LATENCY_TARGET_MS && r.flyte.p95 < LATENCY_TARGET_MS && r.rssMb < RSS_TARGET_MB ? 0 : 1),
    (e) => {
      console.error(e);
      process.exit(2);
    },
  );
}
