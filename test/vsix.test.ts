// The VS Code extension as users install it: the .vsix `npm test` builds
// (`npm run vsix`: dist/vsix/imagespec-lint-PLATFORM-VERSION.vsix),
// unpacked as VS Code unpacks it (a zip) into a folder with nothing beside
// it. VS Code cannot run here; what it runs can: the manifest it reads,
// and the language server the extension starts (server/bin/), driven over
// JSON-RPC and by headless Neovim on the bundled example, with settings as
// the extension translates them and deep checks through the bundled
// Artifact Registry client.

import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toServerSettings } from '../editors/vscode/src/settings';
import { commandChoices, wholeDocument } from '../editors/vscode/src/commands';
import { ROOT, runCli } from './helpers/cli';
import { LspClient } from './lsp/client';
import { GarTestServer } from './garServer';
import { tmpDir } from './helpers/tmp';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
const target = `${process.platform}-${process.arch}`;
const VSIX = path.join(ROOT, 'dist', 'vsix', `imagespec-lint-${target}-${pkg.version}.vsix`);
const EXAMPLE = path.join(ROOT, 'examples', 'gar-project');
const NVIM_DIR = path.join(ROOT, 'fixtures', 'lsp', 'neovim');

let work: string;
let ext: string;
let entries: string[];
let serverBin: string;
const clients: LspClient[] = [];

/** A copy of the example project (a git root of its own), and the CLI's findings for it as [code, LSP range]. */
function exampleProject(): { root: string; file: string; expected: string[] } {
  const root = fs.mkdtempSync(path.join(work, 'example-'));
  fs.cpSync(EXAMPLE, root, { recursive: true });
  fs.mkdirSync(path.join(root, '.git'));
  const cli = runCli(['--no-cache', '--output-format', 'json'], { cwd: root, env: { DOCKER_CONFIG: path.join(root, '.docker') } });
  const findings = (JSON.parse(cli.stdout) as { findings: { code: string; range: unknown }[] }).findings;
  return { root, file: path.join(root, 'workflows', 'gar_example.py'), expected: findings.map((f) => JSON.stringify([f.code, f.range])).sort() };
}

async function start(root: string, initializationOptions?: unknown): Promise<LspClient> {
  const c = await LspClient.start({ root, serverBin, initializationOptions, env: { DOCKER_CONFIG: path.join(root, '.docker') } });
  clients.push(c);
  return c;
}

beforeAll(() => {
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: npm test builds it (npm run vsix)`);
  work = fs.realpathSync(tmpDir('isl-vsix-'));
  execFileSync('unzip', ['-q', VSIX, '-d', path.join(work, 'vsix')]);
  entries = execFileSync('unzip', ['-Z1', VSIX], { encoding: 'utf8' }).split('\n').filter((e) => e && !e.endsWith('/')).sort();
  ext = path.join(work, 'vsix', 'extension');
  serverBin = path.join(ext, 'server', 'bin', 'imagespec-language-server.js');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the .vsix', () => {
  it('holds the manifest, the extension bundle, the server with this platform\'s parsers, README, licence and notices: nothing else', () => {
    const allowed = [
      /^\[Content_Types\]\.xml$/,
      /^extension\.vsixmanifest$/,
      /^extension\/(package\.json|readme\.md|LICENSE\.txt)$/,
      /^extension\/dist\/(extension\.js|THIRD-PARTY-NOTICES\.md)$/,
      /^extension\/server\/bin\/imagespec-language-server\.js$/,
      /^extension\/server\/dist\/bundle\/(imagespec-language-server\.js|boot\.js|THIRD-PARTY-NOTICES\.md)$/,
      /^extension\/server\/dist\/bundle\/node_modules\/(@google-cloud\/artifact-registry|google-gax)\/(index\.js|package\.json)$/,
      /^extension\/server\/dist\/bundle\/node_modules\/google-gax\/build\/src\/protobuf\.js$/,
      /^extension\/server\/node_modules\/(tree-sitter|tree-sitter-python|node-gyp-build)\/(package\.json|LICENSE|index\.js|node-gyp-build\.js|bindings\/node\/index\.js|src\/node-types\.json)$/,
      new RegExp(`^extension/server/node_modules/tree-sitter(-python)?/(build/Release|prebuilds/${target})/[\\w-]+\\.node$`),
    ];
    expect(entries.filter((e) => !allowed.some((re) => re.test(e)))).toEqual([]);
    const natives = entries.filter((e) => e.endsWith('.node'));
    expect(natives.map((e) => e.split('/')[3]).sort()).toEqual(['tree-sitter', 'tree-sitter-python']);
    for (const must of ['extension/package.json', 'extension/dist/extension.js', 'extension/server/bin/imagespec-language-server.js', 'extension/server/dist/bundle/imagespec-language-server.js']) expect(entries).toContain(must);
  });

  it('is published for this platform, runs in VS Code 1.90+ and activates on Python and YAML', () => {
    const vsixManifest = fs.readFileSync(path.join(work, 'vsix', 'extension.vsixmanifest'), 'utf8');
    expect(vsixManifest).toMatch(new RegExp(`<Identity [^>]*Id="imagespec-lint"[^>]*Version="${pkg.version}"[^>]*Publisher="imagespec-lint"[^>]*TargetPlatform="${target}"`));
    const manifest = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8')) as { main: string; engines: { vscode: string }; activationEvents: string[] };
    expect(fs.existsSync(path.join(ext, manifest.main))).toBe(true);
    expect(manifest.engines.vscode).toBe('^1.90.0');
    expect(manifest.activationEvents).toEqual(['onLanguage:python', 'onLanguage:yaml', 'workspaceContains:**/imagespec-lint.toml']);
  });

  it('its extension bundle carries the language client and starts the server it ships', () => {
    const code = fs.readFileSync(path.join(ext, 'dist', 'extension.js'), 'utf8');
    expect(code).toContain("path.join(\"server\", \"bin\", \"imagespec-language-server.js\")");
    // vscode-languageclient is inside; only `vscode` comes from VS Code.
    expect([...code.matchAll(/require\("([^"./][^"]*)"\)/g)].map((m) => m[1]).filter((m) => !m.startsWith('node:') && !['vscode', 'path', 'fs', 'os', 'child_process', 'net', 'crypto', 'util', 'events', 'url', 'stream', 'assert'].includes(m))).toEqual([]);
  });
});

describe('the language server inside the .vsix', () => {
  it('initializes, offers the commands the palette runs, and publishes the example\'s diagnostics', async () => {
    const { root, file, expected } = exampleProject();
    const c = await start(root, toServerSettings({}));
    expect(c.init.serverInfo).toEqual({ name: 'imagespec-language-server', version: pkg.version });
    expect(c.init.capabilities.executeCommandProvider?.commands).toEqual(expect.arrayContaining(['imagespec.createRepository', 'imagespec.configureDocker']));
    const uri = await c.open(file, fs.readFileSync(file, 'utf8'));
    const diags = await c.diagnostics(uri, { pred: (d) => d.length > 0 });
    expect(expected.length).toBeGreaterThan(5);
    expect(diags.map((d) => JSON.stringify([d.code, d.range])).sort()).toEqual(expected);
    expect(diags.find((d) => d.code === 'IS501')?.codeDescription?.href).toBe('https://github.com/imagespec-lint/imagespec-lint/blob/main/docs/rules/IS501.md');

    // What the palette's "Configure Docker" offers: the server's own quick fixes for IS601.
    const actions = (await c.request('textDocument/codeAction', { textDocument: { uri }, range: wholeDocument(40), context: { diagnostics: [], only: ['quickfix'] } })) as { title: string; command?: { command: string; arguments?: unknown[] } }[];
    const choices = commandChoices(actions, 'imagespec.configureDocker');
    expect(choices.map((x) => x.args)).toEqual([[{ host: 'us-east1-docker.pkg.dev', helper: 'gcloud' }], [{ host: 'gcr.io', helper: 'gcloud' }]]);
    // And fix all, as the palette's command asks for it.
    const fixAll = (await c.request('textDocument/codeAction', { textDocument: { uri }, range: wholeDocument(40), context: { diagnostics: [], only: ['source.fixAll.imagespec'] } })) as { kind: string; edit?: unknown }[];
    expect(fixAll.map((a) => a.kind)).toEqual(['source.fixAll.imagespec']);
    expect(fixAll[0].edit).toBeDefined();
  });

  it('applies VS Code settings as the extension translates them', async () => {
    const { root, file } = exampleProject();
    // imagespec.dataplane.region differs from the project's us-east1: IS301 on the us-east1 registries.
    const raw = { select: ['IS301'], dataplane: { region: 'europe-west4', project: '', provider: '', nodeServiceAccount: '' }, deep: 'off', trace: { server: 'off' } };
    const c = await start(root, toServerSettings(raw));
    const uri = await c.open(file, fs.readFileSync(file, 'utf8'));
    const diags = await c.diagnostics(uri, { pred: (d) => d.length > 0 });
    expect(new Set(diags.map((d) => d.code))).toEqual(new Set(['IS301']));
    expect(diags[0].message).toContain('europe-west4');
  });

  it('asks Artifact Registry through the bundled client (deep checks)', async () => {
    const gar = new GarTestServer();
    await gar.start();
    try {
      gar.addRepository({ project: 'vsix-project', location: 'us-east1', repository: 'images' });
      const root = fs.mkdtempSync(path.join(work, 'deep-'));
      fs.mkdirSync(path.join(root, '.git'));
      const file = path.join(root, 'main.py');
      const text = 'from flytekit import ImageSpec\nimage = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/vsix-project/missing")\n';
      const c = await start(root, toServerSettings({ deep: 'on', select: ['IS2'], gar: { endpoint: gar.endpoint, timeout: 5, repositories: null } }));
      const uri = await c.open(file, text);
      const diags = await c.diagnostics(uri, { pred: (d) => d.some((x) => x.code === 'IS201'), timeoutMs: 20_000 });
      expect(diags.map((d) => d.code)).toEqual(['IS201']);
    } finally {
      await gar.stop();
    }
  });

  it('shows the example\'s diagnostics in Neovim headless', () => {
    const { root, file, expected } = exampleProject();
    // Neovim columns are bytes, LSP's UTF-16 units: the same for this ASCII file.
    const text = fs.readFileSync(file, 'utf8');
    expect(Buffer.byteLength(text, 'utf8')).toBe(text.length);
    const out = path.join(root, 'diagnostics.json');
    const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(NVIM_DIR, 'init.lua')}`], {
      cwd: root,
      env: {
        ...process.env,
        IMAGESPEC_LS: serverBin,
        IMAGESPEC_NODE: process.execPath,
        IMAGESPEC_FILE: file,
        IMAGESPEC_OUT: out,
        IMAGESPEC_INIT: JSON.stringify(toServerSettings({})),
        IMAGESPEC_MIN: String(expected.length),
        DOCKER_CONFIG: path.join(root, '.docker'),
        XDG_STATE_HOME: root,
        XDG_DATA_HOME: root,
      },
      timeout: 30_000,
      encoding: 'utf8',
    });
    expect(fs.existsSync(out), `nvim wrote no output: ${r.stderr} ${r.stdout}`).toBe(true);
    const res = JSON.parse(fs.readFileSync(out, 'utf8')) as { ok: boolean; diagnostics: { lnum: number; col: number; end_lnum: number; end_col: number; code: string; source: string }[] };
    expect(res.ok).toBe(true);
    const got = res.diagnostics.map((d) => JSON.stringify([d.code, { start: { line: d.lnum, character: d.col }, end: { line: d.end_lnum, character: d.end_col } }])).sort();
    expect(got).toEqual(expected);
    expect(new Set(res.diagnostics.map((d) => d.source))).toEqual(new Set(['imagespec']));
  });
});
