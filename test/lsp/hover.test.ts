// Hover through the protocol: the image reference with the tag flytekit
// computes, registry parts, field docs.
//
// How the expected tags are obtained: flytekit cannot be installed here, so
// test/oracle/flytekit_tag.py re-implements flytekit's tag algorithm of the
// release the hover uses (the newest read, server/flytekit/versions.ts:
// ImageSpec.tag / .id / image_name on a real Python dataclass, dataclasses.asdict, str() of the
// dict, hashlib.md5 / sha1, base64.urlsafe_b64encode, str.format). The test
// runs the oracle in "source" mode on fixtures/lsp/tags.py itself: Python
// executes the file (with a stand-in `flytekit` module whose ImageSpec is the
// oracle's) and reports image_name() of each module-level spec. The server's
// hover on each call must show exactly that name. Two of the names are also
// written down as constants (computed once with the oracle) so a change to
// the oracle cannot hide a change in the server.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, LspClient, ROOT, tempProject } from './client';

const FIXTURE = path.join(ROOT, 'fixtures', 'lsp', 'tags.py');
const ORACLE = path.join(ROOT, 'test', 'oracle', 'flytekit_tag.py');
const NAMES = [
  'img_default',
  'img_named',
  'img_packages',
  'img_upper',
  'img_env',
  'img_requirements',
  'img_tag_format',
  'img_chain',
  'img_alias',
  'img_nested',
  'img_envdefault',
  'img_unicode',
  'img_pip',
];

let root: string;
let text: string;
let c: LspClient;
let uri: string;

beforeAll(async () => {
  ensureBuilt();
  root = tempProject();
  text = fs.readFileSync(FIXTURE, 'utf8');
  fs.writeFileSync(path.join(root, 'app.py'), text);
  fs.copyFileSync(path.join(ROOT, 'fixtures', 'lsp', 'requirements.txt'), path.join(root, 'requirements.txt'));
  c = await LspClient.start({ root, env: { IMAGE_REGISTRY: '' } });
  uri = await c.open(path.join(root, 'app.py'), text);
});
afterAll(async () => {
  expect(await c.stop()).toBe(0);
});

function oracle(): Record<string, string> {
  const env = { ...process.env };
  delete env.IMAGE_REGISTRY;
  const out = execFileSync('python3', [ORACLE], { input: JSON.stringify({ cwd: root, source: text, names: NAMES }), encoding: 'utf8', env });
  const res = JSON.parse(out) as { image_name?: string; error?: string }[];
  return Object.fromEntries(NAMES.map((n, i) => [n, res[i].image_name ?? `ERROR ${res[i].error}`]));
}

/** Position of the callee of the spec assigned to `name` (the last `ImageSpec`/`Spec` before its `(` on that line). */
function calleeOf(name: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.startsWith(`${name} = `));
  return { line, character: `${name} = `.length + 1 };
}

async function hoverText(p: { line: number; character: number }): Promise<string> {
  const h = await c.request<{ contents: { kind: string; value: string }; range: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: p });
  return h ? h.contents.value : '';
}

describe('image reference hover', () => {
  it('shows the image name flytekit computes for every spec of the fixture (13 specs)', async () => {
    const expected = oracle();
    for (const n of NAMES) expect(expected[n], n).not.toMatch(/^ERROR/);
    // Written down once from the oracle: guards against the oracle drifting.
    // img_named hashes "{'name': 'etl', 'registry': 'ghcr.io/acme', 'platform': 'linux/amd64'}".
    expect(expected.img_named).toBe('ghcr.io/acme/etl:0fUQ8JVpQw_VuV0aFBLIyA');
    expect(expected.img_chain).toBe('ghcr.io/acme/chain:_ujrgl0A9mCOcJeufOE_3g');
    const got: Record<string, string> = {};
    for (const n of NAMES) {
      const h = await hoverText(calleeOf(n));
      const m = /\*\*ImageSpec\*\* → `([^`]+)`/.exec(h);
      got[n] = m ? m[1] : `NO HOVER: ${h}`;
    }
    expect(got).toEqual(expected);
  });

  it('says unknown, and why, when a hashed value is not static', async () => {
    const h = await hoverText(calleeOf('img_unknown'));
    expect(h).toContain('**ImageSpec** → `ghcr.io/acme/dyn:unknown`');
    expect(h).toMatch(/The tag is unknown: `packages` is not statically known/);
  });
});

describe('keyword hover', () => {
  it('documents a field and breaks a GAR registry into its parts', async () => {
    const line = text.split('\n').findIndex((l) => l.startsWith('img_packages'));
    const col = text.split('\n')[line].indexOf('registry=');
    const h = await c.request<{ contents: { value: string }; range: unknown }>('textDocument/hover', { textDocument: { uri }, position: { line, character: col + 2 } });
    expect(h.range).toEqual({ start: { line, character: col }, end: { line, character: col + 8 } });
    expect(h.contents.value).toContain('**registry**: `Optional[str]` = `None`');
    expect(h.contents.value).toContain('Artifact Registry at `us-east1-docker.pkg.dev`');
    expect(h.contents.value).toContain('| location | `us-east1`');
    expect(h.contents.value).toContain('| project | `acme-ml` |');
    expect(h.contents.value).toContain('| repository | `images` |');
  });

  it('documents other keywords and builder methods', async () => {
    const lines = text.split('\n');
    const l1 = lines.findIndex((l) => l.startsWith('img_env ='));
    const h1 = await hoverText({ line: l1, character: lines[l1].indexOf('apt_packages') + 3 });
    expect(h1).toContain('**apt_packages**: `Optional[List[str]]` = `None`');
    expect(h1).toContain('Debian packages to install with apt');
    const l2 = lines.findIndex((l) => l.startsWith('img_chain ='));
    const h2 = await hoverText({ line: l2, character: lines[l2].indexOf('with_packages') + 2 });
    expect(h2).toContain('**with_packages(packages: Union[str, List[str]]) -> ImageSpec**');
  });

  it('returns null outside declarations and for unopened documents', async () => {
    expect(await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } })).toBeNull();
    expect(await c.request('textDocument/hover', { textDocument: { uri: 'file:///not/open.py' }, position: { line: 0, character: 0 } })).toBeNull();
  });
});
