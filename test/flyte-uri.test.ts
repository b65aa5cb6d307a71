// Tests of server/flyte/uri.ts: the image URI Flyte 2 computes for a
// flyte.Image chain.
//
// Three independent sides agree on the same chains:
//  - test/golden/flyte-uris.json: URIs (or exceptions) recorded from
//    flyte-sdk's own _image.py by scripts/record-flyte-golden.py, for
//    several releases (CI cannot fetch flyte-sdk, so they are committed);
//  - test/oracle/flyte_image_uri.py: our own re-implementation of Image.uri
//    on real Python (hashlib.md5, real keyword binding, dataclass reprs,
//    tomllib, real files in a temporary folder);
//  - uri.ts, fed the same chains with an in-memory file system.
// An exception message the SDK prints with rich's repr of a layer is
// compared with "(…)" standing for that repr.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageUri, type FileAccess, type ImageChain, type UriOptions, type UriResult } from '../server/flyte/uri';
import type { ArgValue } from '../server/flyte/value';

const GOLDEN = path.join(__dirname, 'golden', 'flyte-uris.json');
const ORACLE = path.join(__dirname, 'oracle', 'flyte_image_uri.py');

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
  versions: Record<string, { stubbed: string[]; results: Record<string, Outcome> }>;
}

const golden = JSON.parse(fs.readFileSync(GOLDEN, 'utf8')) as Golden;

function toArg(v: Json): ArgValue {
  if (v === null) return { kind: 'none' };
  if (typeof v === 'string') return { kind: 'str', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { kind: 'int', value: v } : { kind: 'float', value: v };
  if (Array.isArray(v)) return { kind: 'list', items: v.map(toArg) };
  if ('tuple' in v) return { kind: 'tuple', items: (v.tuple as Json[]).map(toArg) };
  if ('dict' in v) return { kind: 'dict', entries: (v.dict as Json[][]).map(([k, x]) => [toArg(k), toArg(x)]) };
  if ('path' in v) return { kind: 'path', value: v.path as string };
  if ('secret' in v) return { kind: 'secret', args: [], kwargs: Object.entries(v.secret as Record<string, Json>).map(([k, x]) => [k, toArg(x)]) };
  if ('unknown' in v) return { kind: 'unknown', reason: v.unknown as string };
  throw new Error(`unknown tagged value ${JSON.stringify(v)}`);
}

function toChain(c: Case): ImageChain {
  return { calls: c.chain.map(([method, args, kwargs]) => ({ method, args: args.map(toArg), kwargs: Object.entries(kwargs).map(([k, x]) => [k, toArg(x)]) })) };
}

const CWD = '/project';

/** An in-memory file system rooted at CWD: files as given, folders implied by their paths. */
function memoryFiles(files: Case['files'] = {}): FileAccess {
  const map = new Map<string, Uint8Array>();
  for (const [rel, content] of Object.entries(files)) {
    map.set(path.posix.join(CWD, rel), typeof content === 'string' ? Buffer.from(content, 'utf8') : Uint8Array.from(content.bytes));
  }
  return {
    kind: (p) => (map.has(p) ? 'file' : [...map.keys()].some((k) => k.startsWith(p.endsWith('/') ? p : p + '/')) ? 'dir' : 'missing'),
    read: (p) => map.get(p),
  };
}

function declared(c: Case, version: string, extra: Partial<UriOptions> = {}): UriResult {
  return imageUri(toChain(c), { flyteVersion: version, localPython: golden.localPython, cwd: CWD, files: memoryFiles(c.files), pushRegistry: null, ...extra }, 'declaration');
}

/** The golden outcome as uri.ts reports it. */
function asOutcome(r: UriResult): Outcome {
  if (r.kind === 'uri') return { uri: r.uri };
  if (r.kind === 'error') return { error: `${r.pyType}: ${r.message}` };
  return { unknown: r.reason };
}

/** Equal outcomes; in an error, "(…)" stands for the rich repr of a layer. */
function agrees(want: Outcome, got: Outcome): boolean {
  if ('uri' in want) return 'uri' in got && got.uri === want.uri;
  if ('error' in want && 'error' in got) {
    const pattern = got.error.split('(…)').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\(.*\\)');
    return new RegExp(`^${pattern}$`, 's').test(want.error);
  }
  return false;
}

const versions = Object.keys(golden.versions);

describe('goldens recorded from flyte-sdk', () => {
  it('cover at least 12 literal chains that compute a URI, in several releases including the newest read', () => {
    expect(versions).toContain('2.6.5');
    expect(versions.length).toBeGreaterThanOrEqual(3);
    const newest = golden.versions['2.6.5'].results;
    expect(Object.values(newest).filter((r) => 'uri' in r).length).toBeGreaterThanOrEqual(12);
    // every hashed layer kind appears in a case that computes a URI
    const methods = new Set(golden.cases.filter((c) => 'uri' in newest[c.name]).flatMap((c) => c.chain.map(([m]) => m)));
    for (const m of ['with_pip_packages', 'with_requirements', 'with_apt_packages', 'with_commands', 'with_env_vars', 'with_workdir', 'with_uv_project', 'with_poetry_project', 'with_pixi_project', 'with_source_file', 'with_dockerignore', 'from_uv_script', 'from_dockerfile', 'clone']) {
      expect(methods, m).toContain(m);
    }
  });

  for (const version of versions) {
    describe(`flyte ${version}`, () => {
      for (const c of golden.cases) {
        it(c.name, () => {
          const want = golden.versions[version].results[c.name];
          const got = asOutcome(declared(c, version));
          expect(agrees(want, got), `want ${JSON.stringify(want)}\ngot  ${JSON.stringify(got)}`).toBe(true);
        });
      }
    });
  }
});

describe('the Python oracle', () => {
  for (const version of versions) {
    it(`agrees with the goldens of flyte ${version}`, () => {
      const out = execFileSync('python3', [ORACLE], { input: JSON.stringify({ version, localPython: golden.localPython, cases: golden.cases }), encoding: 'utf8' });
      const oracle = JSON.parse(out) as Record<string, Outcome>;
      const wrong = golden.cases
        .filter((c) => !agrees(golden.versions[version].results[c.name], oracle[c.name]))
        .map((c) => `${c.name}: sdk ${JSON.stringify(golden.versions[version].results[c.name])} oracle ${JSON.stringify(oracle[c.name])}`);
      expect(wrong).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------
// Wrong calls: uri.ts reports the exception Python raises, checked against the
// oracle, whose methods have the SDK's signatures (so Python itself words the
// TypeErrors) and whose Secret and layer checks follow the SDK's.

const p = (x: string): Json => ({ path: x });
const t = (...x: Json[]): Json => ({ tuple: x });
const debian: Case['chain'][number] = ['from_debian_base', [], { python_version: t(3, 12), name: 'app' }];
const WRONG: Array<[string, Case['chain']]> = [
  ['too many positional', [['from_base', ['a', 'b'], {}]]],
  ['missing positional', [['from_base', [], {}]]],
  ['two missing positionals', [['from_dockerfile', [p('Dockerfile')], {}]]],
  ['missing keyword-only', [['from_uv_script', [p('s.py')], {}]]],
  ['too many positional and a keyword-only', [['from_uv_script', [p('s.py'), 'n'], { name: 'a' }]]],
  ['unexpected keyword', [['from_debian_base', [], { python: t(3, 12) }]]],
  ['packages= for *packages', [debian, ['with_pip_packages', [], { packages: ['a'] }]]],
  ['too many for with_commands', [debian, ['with_commands', ['a', null, 'x'], {}]]],
  ['with_workdir without argument', [debian, ['with_workdir', [], {}]]],
  ['multiple values', [debian, ['clone', ['r'], { registry: 'x' }]]],
  ['unknown method', [debian, ['with_packages', ['x'], {}]]],
  ['unknown constructor', [['from_image', ['x'], {}]]],
  ['secret with a dot', [debian, ['with_pip_packages', ['x'], { secret_mounts: { secret: { key: 'github.pat' } } }]]],
  ['secret mount elsewhere', [debian, ['with_apt_packages', ['x'], { secret_mounts: [{ secret: { key: 'k', mount: '/etc/apt/k' } }] }]]],
  ['registry_secret str checked as a Secret', [['from_debian_base', [], { python_version: t(3, 12), name: 'a', registry_secret: 'my.key' }]]],
  ['str source folder', [debian, ['with_source_folder', ['src'], {}]]],
  ['str in a source file list', [debian, ['with_source_file', [['a.py']], {}]]],
  ['duplicate source file names', [debian, ['with_source_file', [[p('a/x.py'), p('b/x.py')]], {}]]],
  ['env vars as a list', [debian, ['with_env_vars', [['A=1']], {}]]],
  ['uv extra_index_urls list', [debian, ['with_uv_project', [p('pyproject.toml')], { extra_index_urls: ['https://x'] }]]],
  ['apt list', [debian, ['with_apt_packages', [['git', 'vim']], {}]]],
  ['commands nested list', [debian, ['with_commands', [[['ls']]], {}]]],
  ['layer on a Dockerfile image', [['from_dockerfile', [p('Dockerfile'), 'r', 'n'], {}], ['clone', [], { extendable: true }], ['with_pip_packages', ['x'], {}]]],
  ['layer on from_ref_name', [['from_ref_name', ['gpu'], {}], ['with_pip_packages', ['x'], {}]]],
  ['python_version float', [['from_debian_base', [], { python_version: 3.12 }]]],
  ['python_version too short', [['from_debian_base', [], { python_version: t(3) }]]],
  ['requirements not .txt', [debian, ['with_requirements', [p('reqs.in')], {}]]],
];

describe('wrong calls raise what Python raises', () => {
  const cases: Case[] = WRONG.map(([name, chain]) => ({ name, chain }));
  const oracle = JSON.parse(
    execFileSync('python3', [ORACLE], { input: JSON.stringify({ version: '2.6.5', localPython: golden.localPython, cases }), encoding: 'utf8' }),
  ) as Record<string, Outcome>;
  for (const c of cases) {
    it(c.name, () => {
      const want = oracle[c.name];
      expect('error' in want, JSON.stringify(want)).toBe(true);
      const got = declared(c, '2.6.5');
      expect(got.kind).toBe('error');
      expect(asOutcome(got)).toEqual(want);
      if (got.kind === 'error') expect(got.when).toBe('declaration');
    });
  }
  it('names the call that raises', () => {
    const r = declared({ name: 'x', chain: [debian, ['with_apt_packages', ['git'], {}], ['with_commands', [['ls']], { bad: 1 }]] }, '2.6.5');
    expect(r).toMatchObject({ kind: 'error', call: 2, pyType: 'TypeError' });
  });
});

// ---------------------------------------------------------------------------
// Deploy: what `flyte deploy` builds and references.

const chainOf = (...calls: Case['chain']): Case => ({ name: 'c', chain: calls });
function deploy(c: Case, extra: Partial<UriOptions> = {}): UriResult {
  return imageUri(toChain(c), { flyteVersion: '2.6.5', localPython: [3, 12], cwd: CWD, files: memoryFiles(c.files), pushRegistry: null, ...extra });
}
const fromBase = chainOf(['from_base', ['python:3.12-slim'], {}], ['clone', [], { name: 'app', extendable: true }], ['with_pip_packages', ['requests'], {}]);
const tagOf = (r: UriResult) => (r.kind === 'uri' ? r.uri.split(':').pop() : undefined);

describe('URI at deploy', () => {
  it('an uncloned image is used as is, never built', () => {
    expect(deploy(chainOf(['from_debian_base', [], { python_version: t(3, 13) }]))).toEqual({ kind: 'uri', uri: 'ghcr.io/flyteorg/flyte:py3.13-v2.6.5', built: false, caveats: [] });
    expect(deploy(chainOf(['from_base', ['python:3.11'], {}]))).toMatchObject({ kind: 'uri', uri: 'python:3.11', built: false });
  });

  it('the local builder pushes an image without registry to the configured registry, same tag', () => {
    const declaredTag = tagOf(declared(fromBase, '2.6.5'));
    expect(declaredTag).toMatch(/^[0-9a-f]{32}$/);
    expect(deploy(fromBase, { pushRegistry: 'us-east1-docker.pkg.dev/p/r' })).toEqual({ kind: 'uri', uri: `us-east1-docker.pkg.dev/p/r/app:${declaredTag}`, built: true, caveats: [] });
  });

  it('a registry in the chain wins over the configured one', () => {
    const c = chainOf(...fromBase.chain.slice(0, 2), ['clone', [], { registry: 'ghcr.io/acme' }], fromBase.chain[2]);
    expect(deploy(c, { pushRegistry: 'other.io/x' })).toMatchObject({ kind: 'uri', uri: expect.stringMatching(/^ghcr\.io\/acme\/app:[0-9a-f]{32}$/) });
  });

  it('no push registry: 2.6.5 refuses to build; 2.5.12 builds name:tag', () => {
    expect(deploy(fromBase)).toMatchObject({ kind: 'error', pyType: 'ImageBuildError', when: 'build', message: expect.stringMatching(/^Cannot build image 'app': no container registry is configured to push to\. /) });
    const old = deploy(fromBase, { flyteVersion: '2.5.12' });
    expect(old).toMatchObject({ kind: 'uri', uri: expect.stringMatching(/^app:[0-9a-f]{32}$/) });
  });

  it('an unknown push registry makes the URI unknown, but not the URI of an image used as is', () => {
    expect(deploy(fromBase, { pushRegistry: undefined })).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('push registry') });
    expect(deploy(chainOf(['from_debian_base', [], { python_version: t(3, 12) }]), { pushRegistry: undefined })).toMatchObject({ kind: 'uri', built: false });
  });

  it('the remote builder: its target with a registry, unknown without one or with ghcr.io/flyteorg, no Dockerfiles', () => {
    expect(deploy(fromBase, { builder: 'remote', pushRegistry: 'ignored.io/x' })).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('backend chooses') });
    const withReg = chainOf(['from_debian_base', [], { python_version: t(3, 12), registry: 'ghcr.io/acme', name: 'a' }]);
    expect(deploy(withReg, { builder: 'remote' })).toMatchObject({ kind: 'uri', uri: expect.stringMatching(/^ghcr\.io\/acme\/a:/), caveats: [expect.stringContaining('remote builder')] });
    const flyteorg = chainOf(['from_debian_base', [], { python_version: t(3, 12), registry: 'ghcr.io/flyteorg', name: 'a' }]);
    expect(deploy(flyteorg, { builder: 'remote' }).kind).toBe('unknown');
    const df = { ...chainOf(['from_dockerfile', [p('Dockerfile')], { registry: 'r.io', name: 'd' }]), files: { Dockerfile: 'FROM x\n' } };
    expect(deploy(df, { builder: 'remote' })).toMatchObject({ kind: 'error', pyType: 'ImageBuildError', message: 'Custom Dockerfile is not supported with remote image builder.You can use local image builder instead.' });
  });

  it('from_ref_name: the config ref, or InvalidImageNameError, or unknown without the refs', () => {
    const bare = chainOf(['from_ref_name', ['gpu'], {}]);
    expect(deploy(bare)).toMatchObject({ kind: 'unknown' });
    expect(deploy(bare, { imageRefs: { gpu: 'ghcr.io/acme/gpu:1' } })).toEqual({ kind: 'uri', uri: 'ghcr.io/acme/gpu:1', built: false, caveats: [] });
    expect(deploy(bare, { imageRefs: { cpu: 'x', default: 'y' } })).toEqual({
      kind: 'error', pyType: 'InvalidImageNameError', message: "Image name 'gpu' not found in config. Available: ['cpu', 'default']", call: 0, when: 'deploy',
    });
    const layered = chainOf(['from_ref_name', ['gpu'], {}], ['clone', [], { extendable: true }], ['with_pip_packages', ['x'], {}]);
    const same = chainOf(['from_base', ['ghcr.io/acme/gpu:1'], {}], ['clone', [], { name: 'gpu', extendable: true }], ['with_pip_packages', ['x'], {}]);
    const a = deploy(layered, { imageRefs: { gpu: 'ghcr.io/acme/gpu:1' }, pushRegistry: 'r.io' });
    expect(a).toMatchObject({ kind: 'uri', built: true });
    expect(a).toEqual(deploy(same, { pushRegistry: 'r.io' }));
  });

  it('a code bundle layer: unknown unless the copy style strips it', () => {
    const c = chainOf(...fromBase.chain, ['with_code_bundle', [], {}]);
    expect(deploy(c, { pushRegistry: 'r.io' })).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('copy style') });
    expect(deploy(c, { pushRegistry: 'r.io', copyStyle: 'loaded_modules' })).toEqual(deploy(fromBase, { pushRegistry: 'r.io' }));
  });

  it('folders, install_project, local wheels and dev builds are unknown', () => {
    const folder = { ...chainOf(...fromBase.chain, ['with_source_folder', [p('src')], {}]), files: { 'src/a.py': 'x' } };
    expect(deploy(folder, { pushRegistry: 'r.io' })).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('os.walk') });
    const proj = { ...chainOf(...fromBase.chain, ['with_uv_project', [p('pyproject.toml')], { project_install_mode: 'install_project' }]), files: { 'pyproject.toml': '' } };
    expect(deploy(proj, { pushRegistry: 'r.io' }).kind).toBe('unknown');
    expect(deploy(chainOf(...fromBase.chain, ['with_local_v2', [], {}]), { pushRegistry: 'r.io' }).kind).toBe('unknown');
    expect(deploy(chainOf(['from_debian_base', [], {}]), { flyteVersion: '2.7.0.dev3+g1a2b' }).kind).toBe('unknown');
  });

  it('a single copied file: exact, unless a .dockerignore with patterns may exclude it', () => {
    const c = { ...chainOf(...fromBase.chain, ['with_source_file', [p('app.py')], {}]), files: { 'app.py': 'print(1)\n' } };
    expect(deploy(c, { pushRegistry: 'r.io' }).kind).toBe('uri');
    expect(deploy({ ...c, files: { ...c.files, '.dockerignore': '# comment only\n' } }, { pushRegistry: 'r.io' })).toEqual(deploy(c, { pushRegistry: 'r.io' }));
    expect(deploy({ ...c, files: { ...c.files, '.dockerignore': '*.pyc\n' } }, { pushRegistry: 'r.io' })).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('.dockerignore') });
  });

  it('a missing copied file is skipped in the hash, then fails validation at build', () => {
    const c = chainOf(...fromBase.chain, ['with_source_file', [p('gone.py')], {}]);
    expect(deploy(c, { pushRegistry: 'r.io' })).toMatchObject({ kind: 'error', pyType: 'ImageBuildError', message: 'Source folder /project/gone.py does not exist', when: 'build' });
  });

  it('a missing requirements file fails as open() does, at build', () => {
    const c = chainOf(...fromBase.chain, ['with_requirements', [p('requirements.txt')], {}]);
    expect(deploy(c, { pushRegistry: 'r.io' })).toMatchObject({ kind: 'error', pyType: 'FileNotFoundError', message: "[Errno 2] No such file or directory: 'requirements.txt'", when: 'build' });
  });

  it('relative paths need the folder flyte runs in; unknown values stay unknown', () => {
    const c = { ...chainOf(...fromBase.chain, ['with_requirements', [p('requirements.txt')], {}]), files: { 'requirements.txt': 'x\n' } };
    expect(deploy(c, { pushRegistry: 'r.io', cwd: undefined })).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('folder flyte runs in') });
    const u = chainOf(...fromBase.chain.slice(0, 2), ['with_pip_packages', [{ unknown: 'call to f()' }], {}]);
    expect(deploy(u, { pushRegistry: 'r.io' })).toEqual({ kind: 'unknown', reason: 'call to f()', call: 2 });
  });

  it('python_version left out follows the interpreter flyte runs on, unknown without it', () => {
    const c = chainOf(['from_debian_base', [], {}]);
    expect(deploy(c)).toMatchObject({ uri: 'ghcr.io/flyteorg/flyte:py3.12-v2.6.5' });
    expect(deploy(c, { localPython: undefined }).kind).toBe('unknown');
  });

  it('releases: before 2.2.4 unknown; after 2.6.5 computed as 2.6.5 with a caveat', () => {
    expect(deploy(fromBase, { flyteVersion: '2.1.9', pushRegistry: 'r.io' }).kind).toBe('unknown');
    const newer = deploy(fromBase, { flyteVersion: '2.12.1', pushRegistry: 'r.io' });
    expect(newer).toMatchObject({ kind: 'uri', caveats: [expect.stringContaining('newer than the newest release read')] });
    expect(deploy(chainOf(['from_pixi_script', [p('s.py')], { name: 'x' }]), { flyteVersion: '2.12.1' }).kind).toBe('unknown');
    expect(deploy(chainOf(['from_pixi_script', [p('s.py')], { name: 'x' }]))).toMatchObject({ kind: 'error', pyType: 'AttributeError', message: "type object 'Image' has no attribute 'from_pixi_script'" });
  });
});
