// Flyte 2 hover through the protocol agrees with flyte-sdk itself: every
// literal chain of test/golden/flyte-uris.json (recorded from flyte-sdk's own
// _image.py by scripts/record-flyte-golden.py, for several releases) is
// written as Python source into a project of its own that pins that flyte
// release (config `flyte-version`) and the Python the goldens were recorded
// with (`.python-version`), a flyte config without a registry, and the case's files; the hover on the
// constructor must show the URI the SDK computed (`Image.uri` right after
// import) or the exception it raised. test/flyte-uri.test.ts checks the
// same goldens against uri.ts and test/oracle/flyte_image_uri.py.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, LspClient, ROOT, tempProject } from './client';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
interface Case {
  name: string;
  files?: Record<string, string | { bytes: number[] }>;
  chain: Array<[string, Json[], Record<string, Json>]>;
}
type Outcome = { uri: string } | { error: string } | { unknown: string };
interface Golden {
  localPython: [number, number];
  cases: Case[];
  versions: Record<string, { results: Record<string, Outcome> }>;
}

const golden = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'golden', 'flyte-uris.json'), 'utf8')) as Golden;

/** A golden value as Python source. */
function py(v: Json): string {
  if (v === null) return 'None';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `[${v.map(py).join(', ')}]`;
  if ('tuple' in v) {
    const items = (v.tuple as Json[]).map(py);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if ('dict' in v) return `{${(v.dict as Json[][]).map(([k, x]) => `${py(k)}: ${py(x)}`).join(', ')}}`;
  if ('path' in v) return `Path(${JSON.stringify(v.path)})`;
  if ('secret' in v) return `flyte.Secret(${Object.entries(v.secret as Record<string, Json>).map(([k, x]) => `${k}=${py(x)}`).join(', ')})`;
  throw new Error(`cannot write ${JSON.stringify(v)} as Python`);
}

function source(c: Case): string {
  const calls = c.chain.map(([m, args, kwargs]) => `${m}(${[...args.map(py), ...Object.entries(kwargs).map(([k, x]) => `${k}=${py(x)}`)].join(', ')})`);
  return `import flyte\nfrom pathlib import Path\n\nimg = flyte.Image.${calls.join(' \\\n    .')}\n`;
}

/** Equal outcomes; in an error, "(…)" stands for the rich repr of a layer. */
function shows(hover: string, want: Outcome): boolean {
  if ('uri' in want) return hover.includes('`' + want.uri + '`');
  if ('error' in want) {
    const m = /raises `([^`]*)`/.exec(hover);
    if (!m) return false;
    const pattern = m[1].split('(…)').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\(.*\\)');
    return new RegExp(`^${pattern}$`, 's').test(want.error);
  }
  return false;
}

const VERSIONS = Object.keys(golden.versions);
let root: string;
let c: LspClient;
const uris = new Map<string, string>();

beforeAll(async () => {
  ensureBuilt();
  root = tempProject();
  for (const v of VERSIONS) {
    golden.cases.forEach((k, i) => {
      const dir = path.join(root, `v${v}`, `case${i}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'imagespec-lint.toml'), `flyte-version = "${v}"\n`);
      fs.writeFileSync(path.join(dir, '.python-version'), `${golden.localPython.join('.')}\n`);
      // A flyte config without a registry: no push registry, as when the goldens were recorded.
      fs.writeFileSync(path.join(dir, 'config.yaml'), 'image:\n  builder: local\n');
      for (const [rel, content] of Object.entries(k.files ?? {})) {
        const p = path.join(dir, rel);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, typeof content === 'string' ? content : Buffer.from(content.bytes));
      }
      fs.writeFileSync(path.join(dir, 'main.py'), source(k));
    });
  }
  c = await LspClient.start({ root });
  for (const v of VERSIONS) {
    for (let i = 0; i < golden.cases.length; i++) {
      const file = path.join(root, `v${v}`, `case${i}`, 'main.py');
      uris.set(`${v}/${i}`, await c.open(file, fs.readFileSync(file, 'utf8')));
    }
  }
}, 120_000);
afterAll(async () => {
  expect(await c.stop()).toBe(0);
});

async function hoverText(uri: string): Promise<string> {
  await c.diagnostics(uri, { timeoutMs: 60_000 }); // linted
  // On the constructor's name (line 3: `img = flyte.Image.from_...`).
  const h = await c.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 'img = flyte.Image.'.length + 2 } });
  return h ? h.contents.value : '';
}

describe('Flyte 2 hover agrees with flyte-sdk', () => {
  it(`on every golden chain of every recorded release (${golden.cases.length} chains x ${VERSIONS.length} releases)`, async () => {
    const wrong: string[] = [];
    let n = 0;
    for (const v of VERSIONS) {
      for (let i = 0; i < golden.cases.length; i++) {
        const want = golden.versions[v].results[golden.cases[i].name];
        if (!want || 'unknown' in want) continue;
        n++;
        const text = await hoverText(uris.get(`${v}/${i}`)!);
        if (!shows(text, want)) wrong.push(`${v} ${golden.cases[i].name}: want ${JSON.stringify(want)}\n${text}`);
      }
    }
    expect(wrong.length ? [...wrong, ...c.logs.map((l) => l.message)] : []).toEqual([]);
    expect(n).toBeGreaterThanOrEqual(12 * VERSIONS.length);
  }, 120_000);

  it('the goldens cover what the done-when asks: >= 12 literal chains, every hashed layer kind, a requirements file, an explicit python_version', () => {
    const methods = new Set(golden.cases.flatMap((k) => k.chain.map(([m]) => m)));
    for (const m of ['with_pip_packages', 'with_requirements', 'with_apt_packages', 'with_commands', 'with_env_vars', 'with_workdir', 'with_source_file', 'with_dockerignore', 'with_uv_project', 'with_poetry_project', 'with_pixi_project', 'from_uv_script', 'from_dockerfile']) {
      expect(methods.has(m), m).toBe(true);
    }
    expect(golden.cases.some((k) => k.chain[0][2].python_version !== undefined)).toBe(true);
    expect(golden.cases.filter((k) => Object.keys(golden.versions['2.6.5'].results).includes(k.name)).length).toBeGreaterThanOrEqual(12);
  });
});
