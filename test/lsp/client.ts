// A JSON-RPC client for the language server tests: spawns the BUILT server
// (`node bin/imagespec-language-server.js --stdio`) and talks LSP over its
// stdio with vscode-jsonrpc, answering the requests a real client answers
// (workspace/configuration, client/registerCapability, progress creation).
// Tests go through the protocol only; no handler is ever called directly.

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { tmpDir } from '../helpers/tmp';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_BIN = path.join(ROOT, 'bin', 'imagespec-language-server.js');
const SERVER_JS = path.join(ROOT, 'dist', 'server', 'lsp', 'server.js');

function newestMtime(dir: string): number {
  let newest = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  }
  return newest;
}

/**
 * `npm test` builds first; for a local `npx vitest run test/lsp` this builds
 * dist when a source file is newer than the compiled server. Test files run
 * in parallel workers, so the build takes a lock (a folder) and the others wait.
 */
export function ensureBuilt(): void {
  const built = fs.existsSync(SERVER_JS) ? fs.statSync(SERVER_JS).mtimeMs : 0;
  const src = Math.max(newestMtime(path.join(ROOT, 'server')), newestMtime(path.join(ROOT, 'rules')));
  if (built >= src) return;
  const lock = path.join(os.tmpdir(), `imagespec-lsp-build-${Buffer.from(ROOT).toString('hex').slice(-24)}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      const now = fs.existsSync(SERVER_JS) ? fs.statSync(SERVER_JS).mtimeMs : 0;
      if (now >= src) return;
    }
  }
  try {
    // Type errors in files other people are writing must not stop the emit.
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.json')], { cwd: ROOT, stdio: 'ignore' });
  } catch {
    /* tsc exits non-zero on type errors but still emits */
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

export interface StartOptions {
  /** Workspace folder (rootUri); the server's working directory. */
  root: string;
  /** The workspace folders, when not just `root`. */
  folders?: string[];
  initializationOptions?: unknown;
  capabilities?: ClientCapabilities;
  env?: NodeJS.ProcessEnv;
  /** Answer for workspace/configuration requests (section imagespec). */
  configuration?: unknown;
  /** Another imagespec-language-server bin (an installed package's, a .vsix's) instead of this checkout's. */
  serverBin?: string;
}

export interface PublishedDiagnostics extends PublishDiagnosticsParams {
  at: number;
}

export class LspClient {
  readonly published: PublishedDiagnostics[] = [];
  readonly logs: { type: number; message: string }[] = [];
  readonly messages: { type: number; message: string }[] = [];
  readonly serverRequests: { method: string; params: unknown }[] = [];
  readonly progress: unknown[] = [];
  stderr = '';
  init!: InitializeResult;
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
  ) {}

  static async start(o: StartOptions): Promise<LspClient> {
    const proc = spawn(process.execPath, [o.serverBin ?? SERVER_BIN, '--stdio'], {
      cwd: o.root,
      env: { ...process.env, IMAGESPEC_CACHE_DIR: path.join(o.root, '.cache-imagespec'), DOCKER_CONFIG: path.join(o.root, '.docker'), ...o.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const c = new LspClient(proc, conn);
    proc.stderr!.on('data', (d) => (c.stderr += String(d)));
    proc.on('exit', (code) => {
      c.resolveExit(code);
      c.wake();
    });
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      c.published.push({ ...p, at: performance.now() });
      c.wake();
    });
    conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      c.logs.push(p);
      c.wake();
    });
    conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      c.messages.push(p);
      c.wake();
    });
    conn.onNotification('$/progress', (p: unknown) => c.progress.push(p));
    conn.onRequest((method: string, params: unknown) => {
      c.serverRequests.push({ method, params });
      c.wake();
      if (method === 'workspace/configuration') return ((params as { items: unknown[] }).items ?? []).map(() => o.configuration ?? null);
      return null;
    });
    conn.onError(() => undefined);
    conn.listen();
    c.init = (await c.request('initialize', {
      processId: process.pid,
      rootUri: uriOf(o.root),
      workspaceFolders: (o.folders ?? [o.root]).map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      capabilities: o.capabilities ?? {},
      initializationOptions: o.initializationOptions,
    })) as InitializeResult;
    await conn.sendNotification('initialized', {});
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  /** Resolves when `pred` holds, re-checked on every message from the server. */
  async until<T>(pred: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = pred();
      if (v) return v;
      if (this.proc.exitCode !== null) throw new Error(`server exited (${this.proc.exitCode}) while waiting for ${what}; stderr: ${this.stderr.slice(-2000)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; stderr: ${this.stderr.slice(-2000)}; logs: ${JSON.stringify(this.logs.slice(-5))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** Resolves when the server process has exited. */
  private resolveExit: (code: number | null) => void = () => undefined;
  readonly exited: Promise<number | null> = new Promise((r) => {
    this.resolveExit = r;
  });

  request<R = unknown>(method: string, params: unknown): Promise<R> {
    const died = this.exited.then((code) => {
      throw new Error(`server exited (${code}) during ${method}; stderr: ${this.stderr.slice(-2000)}`);
    });
    return Promise.race([this.conn.sendRequest(method, params) as Promise<R>, died]);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  async open(file: string, text: string, languageId = 'python'): Promise<string> {
    const uri = uriOf(file);
    this.versions.set(uri, 1);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Sends a change; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const v = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, v);
    await this.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: changes });
    return v;
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  /** The last diagnostics published for a uri. */
  last(uri: string): PublishedDiagnostics | undefined {
    for (let i = this.published.length - 1; i >= 0; i--) if (this.published[i].uri === uri) return this.published[i];
    return undefined;
  }

  /** Waits for diagnostics of `uri` at `version` (or later) that satisfy `pred`. */
  diagnostics(uri: string, opts: { version?: number; pred?: (d: Diagnostic[]) => boolean; timeoutMs?: number } = {}): Promise<Diagnostic[]> {
    return this.until(
      () => {
        const p = this.last(uri);
        if (!p) return undefined;
        if (opts.version !== undefined && (p.version ?? -1) < opts.version) return undefined;
        if (opts.pred && !opts.pred(p.diagnostics)) return undefined;
        return p.diagnostics;
      },
      opts.timeoutMs ?? 10_000,
      `diagnostics for ${uri}${opts.version !== undefined ? ` v${opts.version}` : ''}`,
    );
  }

  /** shutdown + exit; resolves with the process's exit code. */
  async stop(): Promise<number | null> {
    const exited = this.exited;
    try {
      await this.request('shutdown', null);
      await this.notify('exit', null);
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    const code = await exited;
    clearTimeout(timer);
    this.conn.dispose();
    return code;
  }
}

/** Applies LSP text edits to a text (edits given in the original text's positions, non-overlapping). */
/**
 * Applies edits as an editor does: through vscode-languageserver-textdocument,
 * the LSP's reference implementation (lines end at "\n", "\r\n" or a lone
 * "\r"; a character past a line's end means its end).
 */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///edited', 'python', 0, text), edits);
}

export function tempProject(files: Record<string, string> = {}): string {
  const dir = fs.realpathSync(tmpDir('imagespec-lsp-'));
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}

/**
 * Per-test server lifecycle: builds once, and stops every client a test
 * started when it ends. `const start = useClients();` in a test file.
 */
export function useClients(): (o: StartOptions) => Promise<LspClient> {
  let clients: LspClient[] = [];
  beforeAll(() => ensureBuilt());
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.stop()));
    clients = [];
  });
  return async (o) => {
    const c = await LspClient.start(o);
    clients.push(c);
    return c;
  };
}
