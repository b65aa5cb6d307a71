// IS205 says in words what failed on the way to Artifact Registry (issue
// 16, item 14): a refused connection, a failed DNS lookup, a TLS handshake
// with something that is not TLS, a connection reset or closed, an answer
// that is not HTTP/2, the API answering UNAVAILABLE. The raw grpc-js text
// ("No connection established. Last error: ... Resolution note:") is never
// in the message: it is the finding's `detail`, which the JSON report
// carries, `--verbose` prints under the finding and the language server
// logs (window/logMessage). The real @google-cloud/artifact-registry client
// throughout, against test/garServer.ts, closed ports and broken servers.

import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGarService } from '../server/gar/client';
import { runCliAsync } from './helpers/cli';
import { HOST, P, deepLint, spec, useGarServer } from './helpers/deep';
import { tmpDir } from './helpers/tmp';
import { startBrokenEndpoint } from './garServer';
import { LspClient, ensureBuilt } from './lsp/client';

const env = useGarServer();

const HEAD = 'Could not check Artifact Registry repository `images` (project `imagespec-test`, us-east1): ';
const NETWORK = '; check the network (and `endpoint` in [tool.imagespec-lint.gar], if set), then run again';

/** A port on 127.0.0.1 nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** IS205 for one spec asked through a fresh service on `endpoint`. */
async function is205(endpoint: string, opts: { timeoutMs?: number; procEnv?: NodeJS.ProcessEnv } = {}) {
  const setup = createGarService(
    { deep: true, gar: { endpoint, timeoutMs: opts.timeoutMs ?? 2000, repositories: [] } },
    { cache: false, env: opts.procEnv ?? { METADATA_SERVER_DETECTION: 'none' } },
  );
  if (setup.status !== 'ready') throw new Error(JSON.stringify(setup));
  try {
    const o = await deepLint(spec(`${HOST}/${P}/images`), setup.service, { select: ['IS205'] });
    expect(o.deep.map((f) => f.code)).toEqual(['IS205']);
    return o.deep[0];
  } finally {
    await setup.service.close();
  }
}

describe('IS205 words transport failures', () => {
  it('a closed port: connection refused, the raw text only in detail', async () => {
    const port = await closedPort();
    const f = await is205(`http://127.0.0.1:${port}`);
    expect(f.message).toBe(`${HEAD}could not connect to 127.0.0.1:${port} (connection refused)${NETWORK}`);
    expect(f.detail).toBe(`No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:${port}. Resolution note:`);
  });

  it('a host that does not resolve: DNS lookup failed', async () => {
    const f = await is205('http://artifactregistry.example.invalid:443');
    expect(f.message).toBe(`${HEAD}DNS lookup failed for artifactregistry.example.invalid${NETWORK}`);
    expect(f.detail).toMatch(/artifactregistry\.example\.invalid/);
    expect(f.message).not.toMatch(/Name resolution|Resolution note|No connection established/);
  });

  it('a TLS endpoint that answers in plain HTTP: TLS handshake failed', async () => {
    const sockets = new Set<net.Socket>();
    const srv = net.createServer((c) => {
      sockets.add(c);
      c.on('error', () => undefined);
      c.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as net.AddressInfo).port;
    // TLS endpoints need credentials to be set up; a key nobody accepts, and a
    // token endpoint that refuses: the channel fails before any token is asked for.
    const dir = tmpDir('isl-tls-');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = path.join(dir, 'sa.json');
    fs.writeFileSync(
      key,
      JSON.stringify({
        type: 'service_account',
        project_id: 'imagespec-test',
        private_key_id: 'k1',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
        client_email: 'lint@imagespec-test.iam.gserviceaccount.com',
        client_id: '1',
        token_uri: `http://127.0.0.1:${await closedPort()}/token`,
      }),
    );
    try {
      const f = await is205(`127.0.0.1:${port}`, { procEnv: { METADATA_SERVER_DETECTION: 'none', GOOGLE_APPLICATION_CREDENTIALS: key } });
      expect(f.message).toBe(`${HEAD}TLS handshake with 127.0.0.1:${port} failed (the endpoint does not speak TLS)${NETWORK}`);
      expect(f.detail).toMatch(/^No connection established\. Last error: .*wrong version number.*Resolution note:$/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });

  it('a server that resets every connection, and one that is not HTTP/2', async () => {
    const reset = await startBrokenEndpoint('reset');
    const garbage = await startBrokenEndpoint('garbage');
    try {
      const r = await is205(reset.endpoint);
      const hpReset = reset.endpoint.slice('http://'.length);
      // Reset while connecting, or closed before the HTTP/2 setup: the kernel decides which the client sees.
      expect([`${HEAD}could not connect to ${hpReset} (connection reset)${NETWORK}`, `${HEAD}could not connect to ${hpReset} (the connection closed while it was being set up)${NETWORK}`]).toContain(r.message);
      expect(r.detail).toMatch(/^No connection established\. Last error: /);
      const g = await is205(garbage.endpoint);
      expect(g.message).toBe(`${HEAD}${garbage.endpoint.slice('http://'.length)} did not answer as a gRPC server (HTTP/2 protocol error)${NETWORK}`);
      expect(g.detail).toMatch(/^No connection established\. Last error: Protocol error /);
    } finally {
      await reset.stop();
      await garbage.stop();
    }
  });

  it('the API itself answering UNAVAILABLE: run again later, its own text as detail', async () => {
    env.gar.setFault(`projects/${P}`, { kind: 'unavailable' });
    const f = await is205(env.gar.endpoint, { timeoutMs: 1500 });
    expect(f.message).toBe(`${HEAD}the Artifact Registry API at ${env.gar.endpoint.slice('http://'.length)} answered that it is unavailable (UNAVAILABLE); run again later`);
    expect(f.detail).toBe('The service is currently unavailable.');
  });

  it('no answer within the timeout: said in words, no detail to add', async () => {
    env.gar.setFault(`projects/${P}`, { kind: 'hang' });
    const f = await is205(env.gar.endpoint, { timeoutMs: 400 });
    expect(f.message).toBe(`${HEAD}no answer from 127.0.0.1 within 400 ms; raise \`timeout\` in [tool.imagespec-lint.gar] on a slow network`);
    expect(f.detail).toBeUndefined();
  });
});

describe('the raw text: --verbose, JSON and the language server log', () => {
  async function project(): Promise<{ dir: string; port: number; line: string; raw: string }> {
    const port = await closedPort();
    const dir = tmpDir('isl-is205-');
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), `[tool.imagespec-lint]\nselect = ["IS205"]\n\n[tool.imagespec-lint.gar]\nendpoint = "http://127.0.0.1:${port}"\ntimeout-ms = 2000\n`);
    fs.writeFileSync(path.join(dir, 'main.py'), `from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", registry="${HOST}/${P}/images")\n`);
    const line = `main.py:3:80: IS205 [info] ${HEAD}could not connect to 127.0.0.1:${port} (connection refused)${NETWORK}`;
    return { dir, port, line, raw: `No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:${port}. Resolution note:` };
  }
  const cliEnv = (dir: string) => ({ IMAGESPEC_CACHE_DIR: path.join(dir, '.cache'), METADATA_SERVER_DETECTION: 'none' });

  it('the CLI prints the words; --verbose adds the raw text under the finding; JSON always carries it', async () => {
    const { dir, line, raw } = await project();
    const plain = await runCliAsync(['--deep', '--no-cache', '--output-format', 'concise', 'main.py'], { cwd: dir, env: cliEnv(dir) });
    expect(plain.stderr).toBe('');
    expect(plain.stdout).toBe(`${line}\nFound 1 note.\n`);
    expect(plain.stdout).not.toMatch(/No connection established|Resolution note|ECONNREFUSED/);
    expect(plain.code).toBe(0);

    const verbose = await runCliAsync(['--deep', '--no-cache', '--verbose', '--output-format', 'concise', 'main.py'], { cwd: dir, env: cliEnv(dir) });
    expect(verbose.stdout).toBe(`${line}\n  detail: ${raw}\nFound 1 note.\n`);

    const full = await runCliAsync(['--deep', '--no-cache', '-v', 'main.py'], { cwd: dir, env: cliEnv(dir) });
    expect(full.stdout).toContain(`^^^^^^ info\n  detail: ${raw}\n\nFound 1 note.\n`);
    const fullPlain = await runCliAsync(['--deep', '--no-cache', 'main.py'], { cwd: dir, env: cliEnv(dir) });
    expect(fullPlain.stdout).not.toContain('detail:');

    const json = await runCliAsync(['--deep', '--no-cache', '--output-format', 'json', 'main.py'], { cwd: dir, env: cliEnv(dir) });
    const [f] = (JSON.parse(json.stdout) as { findings: { code: string; message: string; detail?: string }[] }).findings;
    expect(f.code).toBe('IS205');
    expect(f.message).toBe(line.slice('main.py:3:80: IS205 [info] '.length));
    expect(f.detail).toBe(raw);
  }, 60_000);

  it('--verbose is in --help', async () => {
    const r = await runCliAsync(['--help'], { cwd: tmpDir('isl-help-') });
    expect(r.stdout).toContain('  -v, --verbose              print what lies behind a message under it (IS205: the gRPC client\'s own error text)\n');
  });

  it('the language server shows the words and logs the raw text once', async () => {
    ensureBuilt();
    const { dir, port, raw } = await project();
    const c = await LspClient.start({ root: dir, env: { METADATA_SERVER_DETECTION: 'none' }, initializationOptions: { deep: true } });
    try {
      const file = path.join(dir, 'main.py');
      const uri = await c.open(file, fs.readFileSync(file, 'utf8'));
      const diags = await c.diagnostics(uri, { pred: (d) => d.some((x) => x.code === 'IS205'), timeoutMs: 30_000 });
      const d = diags.find((x) => x.code === 'IS205')!;
      expect(d.message).toBe(`${HEAD}could not connect to 127.0.0.1:${port} (connection refused)${NETWORK}`);
      expect(JSON.stringify(diags)).not.toMatch(/No connection established|Resolution note/);
      const logged = c.logs.filter((l) => l.message.includes(raw));
      expect(logged).toHaveLength(1);
      expect(logged[0].type).toBe(4); // MessageType.Log
      expect(logged[0].message).toBe(`imagespec: ${file}:3: IS205 ${d.message}\n  detail: ${raw}`);
    } finally {
      expect(await c.stop()).toBe(0);
    }
  }, 60_000);
});
