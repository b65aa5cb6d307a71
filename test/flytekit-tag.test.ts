// Tests of server/flytekit/tag.ts: the image tag and name flytekit computes.
//
// How the expected values are obtained: flytekit cannot be installed here
// (no PyPI), so test/oracle/flytekit_tag.py re-implements flytekit's tag
// algorithm release by release (image_spec.py at each release tag:
// ImageSpec.tag, .id, image_name, __post_init__, the with_* builders) on real
// Python: a real dataclass with the release's fields in order,
// dataclasses.asdict with or without the dict_factory, str() of the dict,
// hashlib.md5 / sha1, base64 and str.format. Each spec below is described
// once (test/helpers/declBuilder.ts) and turned into both an ImageDecl for
// computeImageRef and the oracle's JSON input; the test runs python3 on the
// oracle for the first release of every behaviour row (versions.ts) and
// compares tag, full name and the hashed text. A few tags are also written
// down as constants (computed once with the oracle) so that a change to the
// oracle itself is caught. test/flytekit-golden.test.ts checks both against
// tags recorded from flytekit's own code.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeImageRef, type ImageRef, type ImageRefOptions } from '../server/flytekit/tag';
import { BEHAVIOURS, NEWEST_KNOWN_RELEASE } from '../server/flytekit/versions';
import { buildDecl, bigint, dict, float, spec, toOracleSpec, tuple, unknown, type SpecDesc } from './helpers/declBuilder';
import { tmpDir } from './helpers/tmp';

const ORACLE = path.join(__dirname, 'oracle', 'flytekit_tag.py');

interface OracleOut {
  force_push?: boolean;
  tag?: string;
  image_name?: string;
  hashed?: string;
  error?: string;
}

function runOracle(cwd: string, specs: SpecDesc[], version = NEWEST_KNOWN_RELEASE): OracleOut[] {
  const input = JSON.stringify({ cwd, version, specs: specs.map(toOracleSpec) });
  const out = execFileSync('python3', [ORACLE], { input, encoding: 'utf8' });
  return JSON.parse(out) as OracleOut[];
}

/** The oracle for several releases in one Python process. */
function runOracleVersions(cwd: string, specs: SpecDesc[], versions: string[]): Map<string, OracleOut[]> {
  const input = JSON.stringify(versions.map((version) => ({ cwd, version, specs: specs.map(toOracleSpec) })));
  const out = JSON.parse(execFileSync('python3', [ORACLE], { input, encoding: 'utf8' })) as OracleOut[][];
  return new Map(versions.map((v, i) => [v, out[i]]));
}

let dir: string;
const readFile = (p: string): Buffer | undefined => {
  try {
    return fs.readFileSync(p);
  } catch {
    return undefined;
  }
};
const opts = (version = NEWEST_KNOWN_RELEASE): ImageRefOptions => ({ flytekitVersion: version, projectRoot: dir, readFile, defaultBuilder: 'default', machine: 'x86_64' });
const ref = (d: SpecDesc, version?: string): ImageRef => computeImageRef(buildDecl(d, path.join(dir, 'app.py')), opts(version));

beforeAll(() => {
  dir = tmpDir('imagespec-tag-');
  fs.writeFileSync(path.join(dir, 'requirements.txt'), '\n  pandas==2.2.2\nnumpy>=1.26\n\n\t');
  fs.mkdirSync(path.join(dir, 'deps'));
  fs.writeFileSync(path.join(dir, 'deps', 'reqs ünï.txt'), Buffer.from([0xef, 0xbb, 0xbf, 0x74, 0x6f, 0x72, 0x63, 0x68, 0x0d, 0x0a]));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

let oracleCache: Map<string, OracleOut[]> | undefined;
function oracleByVersion(): Map<string, OracleOut[]> {
  oracleCache ??= runOracleVersions(dir, AGREE.map(([, d]) => d), ROWS);
  return oracleCache;
}

/** Specs both sides compute; names are for the test titles. */
const AGREE: Array<[string, SpecDesc]> = [
  ['no arguments', {}],
  ['uppercase name and registry are lowercased', { fields: { name: 'My_Image', registry: 'GHCR.io/Owner', python_version: '3.11' } }],
  ['lists of packages', { fields: { name: 'pkgs', packages: ['pandas==2.2', 'numpy'], apt_packages: ['git', 'curl'], conda_channels: [] } }],
  [
    'unicode in strings and a final sigma in the name',
    { fields: { name: 'ΣΟΦΙΑΣ', env: { GREETING: 'héllo wörld ✓ 中文 😀', ZW: 'a\u200bb', NBSP: '\u00a0x', SHY: '\u00ad', PUA: '\ue000', LS: '\u2028' } } },
  ],
  [
    'quotes, backslashes and control characters',
    {
      fields: {
        commands: ["echo 'hi'", 'say "x"', `both ' and "`, 'back\\slash\ttab\nnl\rcr', '\x00\x1b\x7f\x80\x9f\xa0\xff'],
        pip_extra_args: "--no-deps '",
      },
    },
  ],
  [
    'floats and ints in env',
    {
      fields: {
        env: dict([
          ['A', float(3.0)],
          ['B', float(1e16)],
          ['C', float(1e-5)],
          ['D', float(0.1 + 0.2)],
          ['E', float(Infinity)],
          ['F', float(-0.0)],
          ['G', float(123456789.125)],
          ['H', 42],
          ['I', bigint('123456789012345678901234567890')],
          ['J', true],
          ['K', null],
        ]),
        python_version: float(3.1, '3.10'),
      },
    },
  ],
  [
    'dict keys merge like Python (1, 1.0 and True are one key)',
    { fields: { env: dict([[1, 'a'], [true, 'b'], [float(1.0), 'c'], ['x', tuple('a', 'b')], [null, [1, tuple()]], [tuple(1, 'z'), tuple('only')]]) } },
  ],
  [
    'nested base_image spec',
    {
      fields: {
        name: 'child',
        registry: 'localhost:30000',
        base_image: spec({ fields: { name: 'Base', registry: 'localhost:30000', packages: ['numpy'], python_version: '3.12' } }),
        packages: ['pandas'],
      },
    },
  ],
  [
    'nested base_image spec built by noop, with its own chain',
    {
      fields: {
        registry: 'us-east1-docker.pkg.dev/proj/repo',
        base_image: spec({ fields: { builder: 'noop', base_image: 'ghcr.io/org/img:1.0' }, chain: [['with_packages', 'x']] }),
      },
    },
  ],
  ['tag_format with spec_hash', { fields: { name: 'fmt', tag_format: '{spec_hash}-dev' } }],
  ['tag_format with braces and conversions', { fields: { tag_format: 'v{{1}}-{spec_hash!s}-{spec_hash}' } }],
  ['requirements file (relative, stripped)', { fields: { name: 'req', requirements: 'requirements.txt', packages: ['x'] } }],
  ['requirements file with unicode path and BOM', { fields: { requirements: 'deps/reqs ünï.txt' } }],
  [
    'chained builders',
    {
      fields: { name: 'chain', packages: ['a'], registry: 'ghcr.io/me' },
      chain: [
        ['with_packages', 'b'],
        ['with_packages', ['c', 'd']],
        ['with_apt_packages', 'git'],
        ['with_commands', ['echo 1', 'echo 2']],
        ['with_packages', tuple('ignored')],
        ['force_push'],
      ],
    },
  ],
  ['with_packages on a spec without packages', { chain: [['with_packages', ['solo']], ['with_apt_packages', []]] }],
  [
    'excluded fields do not change the hash',
    { fields: { name: 'pkgs', packages: ['pandas==2.2', 'numpy'], apt_packages: ['git', 'curl'], conda_channels: [], pip_secret_mounts: [tuple('.gitconfig', '/etc/gitconfig')], registry_config: 'cfg.json' } },
  ],
  ['empty entrypoint, empty registry, platform None', { fields: { entrypoint: [], registry: '', platform: null, builder: 'default', python_exec: '/usr/bin/python3' } }],
  ['lone surrogate and astral characters', { fields: { env: { S: 'x\ud800y', T: '\u{10ffff}', U: '\u{e0001}', V: '\ufeff' } } }],
  ['every string field', {
    fields: {
      name: 'all', python_version: '3.9', builder: 'envd', env: { K: 'V' }, registry: 'docker.io/user', packages: ['p'],
      conda_packages: ['c'], conda_channels: ['ch'], apt_packages: ['a'], cuda: '12.1', cudnn: '8', base_image: 'python:3.9-slim',
      platform: 'linux/arm64', pip_index: 'https://pypi.org/simple', pip_extra_index_url: ['https://x/simple'], pip_extra_args: '--pre',
      entrypoint: ['/bin/sh'], commands: ['true'], tag_format: 'x-{spec_hash}', python_exec: 'python3',
    },
  }],
  // Python raises: both sides must fail.
  ['packages given a string', { fields: { packages: 'numpy' } }],
  ['registry with a scheme', { fields: { registry: 'https://ghcr.io/me' } }],
  ['tag_format with another placeholder', { fields: { tag_format: '{spec_hash}-{version}' } }],
  ['tag_format with a single brace', { fields: { tag_format: '{spec_hash}}' } }],
  ['name not a string', { fields: { name: 3 } }],
  ['missing requirements file', { fields: { requirements: 'nope.txt' } }],
  ['pip_secret_mounts of lists', { fields: { pip_secret_mounts: [['a', 'b']] } }],
  // Fields and builders that arrived in later releases (TypeError / AttributeError before).
  ['runtime_packages and builder_options through the builders', {
    fields: { packages: ['a'], builder_options: { a: '1' } },
    chain: [['with_runtime_packages', ['numpy']], ['with_runtime_packages', 'pip'], ['with_builder_options', dict([['b', '2'], ['a', '3']])]],
  }],
  ['builder_config', { fields: { builder_config: { uv_image: 'ghcr.io/astral-sh/uv:0.5.1' } } }],
  ['platform unset with a localhost registry', { fields: { registry: 'localhost:30000' } }],
  ['builder set explicitly', { fields: { builder: 'envd', packages: ['x'] } }],
  ['a tuple given to with_packages', { fields: { packages: ['a'] }, chain: [['with_packages', tuple('x')]] }],
  ['with_packages(3)', { chain: [['with_packages', 3]] }],
  ['with_builder_options on a spec with packages only', { chain: [['with_packages', dict([['k', 'v']])]] }],
  ['force_push then with_packages', { chain: [['force_push'], ['with_packages', 'a']] }],
  ['with_copy', { chain: [['with_copy', 'src']] }],
  ['tag_format with an empty registry', { fields: { tag_format: '{spec_hash}', registry: '' } }],
];

const ROWS = BEHAVIOURS.map((b) => b.since);

describe.each(ROWS)('computeImageRef agrees with the Python oracle for flytekit %s', (version) => {
  let expected: OracleOut[];
  beforeAll(() => {
    expected = oracleByVersion().get(version)!;
  });

  it('ran the oracle for every spec', () => {
    expect(expected).toHaveLength(AGREE.length);
    // The oracle must compute most of them: a broken oracle fails everything.
    expect(expected.filter((e) => e.tag).length).toBeGreaterThanOrEqual(12);
  });

  AGREE.forEach(([title, d], i) => {
    it(title, () => {
      const want = expected[i];
      const got = ref(d, version);
      if (want.error) {
        expect(got.ok, `oracle failed with ${want.error}`).toBe(false);
        return;
      }
      expect(got).toMatchObject({ ok: true });
      if (!got.ok) return;
      expect(got.hashedText).toBe(want.hashed);
      expect(got.tag).toBe(want.tag);
      expect(got.fullName).toBe(want.image_name);
      expect(got.forcePush).toBe(want.force_push);
    });
  });
});

describe('pinned tags (computed once with the oracle)', () => {
  // If one of these changes, either flytekit's algorithm as we mirror it or the oracle changed.
  it.each([
    ['no arguments', {}, 'flytekit:fv8aVGdGU6GT1t5W98ZQPA'],
    ['registry and packages', { fields: { name: 'My_Image', registry: 'GHCR.io/Owner', packages: ['pandas'] } }, 'ghcr.io/owner/my_image:i_uga3Mj6pUjRXOuEuIBDw'],
    ['tag_format', { fields: { name: 'fmt', tag_format: '{spec_hash}-dev', python_version: '3.11' } }, 'fmt:haqAL75wW9Cxs5HlU7uBAw-dev'],
    ['unicode env', { fields: { env: { GREETING: 'héllo ✓', Q: `it's` } } }, 'flytekit:OM_0iE5xJA9rl_jgCz_qjQ'],
  ] as Array<[string, SpecDesc, string]>)('%s', (_title, d, fullName) => {
    const got = ref(d);
    expect(got).toMatchObject({ ok: true, fullName });
    // And the oracle still agrees with the pinned value.
    expect(runOracle(dir, [d])[0].image_name).toBe(fullName);
  });
});

describe('what computeImageRef reports as unknown', () => {
  it.each([
    ['an unknown hashed field', { fields: { packages: unknown('call to get_packages()') } }, '`packages` is not statically known'],
    ['an unknown list item', { fields: { apt_packages: ['git', unknown()] } }, '`apt_packages` is not statically known'],
    ['an open dict', { fields: { env: dict([['A', 'b']], true) } }, '`env`'],
    ['**kwargs', { fields: { name: 'x' }, opaque: true }, '**kwargs'],
    ['an unknown chain argument', { chain: [['with_packages', unknown()]] }, '.with_packages()'],
    ['source_root', { fields: { source_root: '.' } }, 'source_root'],
    ['copy', { fields: { copy: ['src/a.txt'] } }, 'copy'],
    ['with_copy', { chain: [['with_copy', 'src']] }, 'copy'],
    ['a missing requirements file', { fields: { requirements: 'missing.txt' } }, "'missing.txt' cannot be read"],
    ['an unknown field name', { fields: { registy: 'ghcr.io/x' } }, '`registy` is not an ImageSpec field'],
    ['a base spec with another builder', { fields: { base_image: spec({ fields: { builder: 'union' } }) } }, '`union` builder'],
  ] as Array<[string, SpecDesc, string]>)('%s', (_title, d, reason) => {
    const got = ref(d);
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.reason).toContain(reason);
  });

  it('a set of several items has no fixed repr order; one item is fine', () => {
    const decl = buildDecl({ fields: { env: { A: 'x' } } });
    const setOf = (...v: string[]) => ({ kind: 'list' as const, form: 'set' as const, range: decl.range, items: v.map((x) => ({ kind: 'str' as const, value: x, range: decl.range })) });
    decl.fields[0].value = { kind: 'dict', range: decl.range, entries: [{ key: { kind: 'str', value: 'A', range: decl.range }, value: setOf('a', 'b') }] };
    const many = computeImageRef(decl, opts());
    expect(many.ok).toBe(false);
    if (!many.ok) expect(many.reason).toContain('set');
    decl.fields[0].value = { kind: 'dict', range: decl.range, entries: [{ key: { kind: 'str', value: 'A', range: decl.range }, value: setOf('a') }] };
    const one = computeImageRef(decl, opts());
    expect(one).toMatchObject({ ok: true, hashedText: "{'name': 'flytekit', 'env': {'A': {'a'}}, 'platform': 'linux/amd64'}" });
  });

  it('an unknown registry_config or pip_secret_mounts does not hide the tag', () => {
    const a = ref({ fields: { name: 'n', registry_config: unknown(), pip_secret_mounts: unknown() } });
    const b = ref({ fields: { name: 'n' } });
    expect(a.ok && b.ok && a.tag === b.tag).toBe(true);
  });

  it('reports the noop builder\'s real image and force_push', () => {
    const got = ref({ fields: { builder: 'noop', base_image: 'ghcr.io/org/img:2' }, chain: [['force_push']] });
    expect(got).toMatchObject({ ok: true, builtName: 'ghcr.io/org/img:2', forcePush: true });
    const lost = ref({ chain: [['force_push'], ['with_packages', 'a']] });
    expect(lost).toMatchObject({ ok: true, forcePush: false });
  });

  it('the requirements file content changes the tag, surrounding whitespace does not', () => {
    const a = ref({ fields: { requirements: 'requirements.txt' } });
    fs.writeFileSync(path.join(dir, 'r2.txt'), 'pandas==2.2.2\nnumpy>=1.26');
    fs.writeFileSync(path.join(dir, 'r3.txt'), 'pandas==2.2.3\nnumpy>=1.26');
    const b = ref({ fields: { requirements: 'requirements.txt' } });
    expect(a.ok && b.ok && a.tag === b.tag).toBe(true);
    // Same stripped bytes under another path: the path is replaced by the digest, so the tag is the same.
    const c = ref({ fields: { requirements: path.join(dir, 'r2.txt') } });
    const d = ref({ fields: { requirements: 'r3.txt' } });
    expect(a.ok && c.ok && a.tag === c.tag).toBe(true);
    expect(d.ok && a.ok && d.tag !== a.tag).toBe(true);
  });
});

describe('the tag follows the flytekit release', () => {
  it.each([
    ['1.10.7', 'the tag is not computed for flytekit 1.10.7'],
    ['1.16.99', 'newer than the newest release read'],
    ['1.12.1', 'not a release that was read'],
    ['1.16.0rc1', 'not a flytekit release number'],
  ])('flytekit %s: unknown, never a guess', (version, reason) => {
    const got = ref({}, version);
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.reason).toContain(reason);
  });

  it('a field or builder the release does not have is a TypeError / AttributeError there', () => {
    const exec = ref({ fields: { python_exec: 'python3' } }, '1.14.9');
    expect(exec).toMatchObject({ ok: false, reason: '`python_exec` is not an ImageSpec field before flytekit 1.15.0 (TypeError)' });
    expect(ref({ fields: { python_exec: 'python3' } }, '1.15.0').ok).toBe(true);
    const rt = ref({ chain: [['with_runtime_packages', ['x']]] }, '1.15.3');
    expect(rt.ok).toBe(false);
    if (!rt.ok) expect(rt.reason).toContain('arrived in 1.15.4');
    expect(ref({ chain: [['force_push']] }, '1.11.0').ok).toBe(false);
  });

  it('1.15.1-1.15.2 hash the builder flytekit fills in: unknown unless the caller knows it', () => {
    const decl = buildDecl({ fields: { packages: ['x'] } }, path.join(dir, 'app.py'));
    for (const v of ['1.15.1', '1.15.2']) {
      const unknownBuilder = computeImageRef(decl, { ...opts(v), defaultBuilder: undefined });
      expect(unknownBuilder.ok).toBe(false);
      if (!unknownBuilder.ok) expect(unknownBuilder.reason).toContain('hashes the builder it fills in');
      const def = computeImageRef(decl, { ...opts(v), defaultBuilder: 'default' });
      const envd = computeImageRef(decl, { ...opts(v), defaultBuilder: 'envd' });
      expect(def.ok && envd.ok && def.tag !== envd.tag).toBe(true);
      if (def.ok) expect(def.hashedText).toContain("'builder': 'default'");
    }
    // 1.15.3 stops hashing it: the same tag whatever is installed, and the same as 1.15.0.
    const a = computeImageRef(decl, { ...opts('1.15.3'), defaultBuilder: undefined });
    const b = computeImageRef(decl, { ...opts('1.15.3'), defaultBuilder: 'envd' });
    const c = computeImageRef(decl, opts('1.15.0'));
    expect(a.ok && b.ok && c.ok && a.tag === b.tag && b.tag === c.tag).toBe(true);
  });

  it('1.16.4 fills an unset platform from the machine for a localhost registry', () => {
    const decl = buildDecl({ fields: { registry: 'localhost:30000' } }, path.join(dir, 'app.py'));
    const unknownMachine = computeImageRef(decl, { ...opts('1.16.4'), machine: undefined });
    expect(unknownMachine.ok).toBe(false);
    const arm = computeImageRef(decl, { ...opts('1.16.4'), machine: 'aarch64' });
    const x86 = computeImageRef(decl, { ...opts('1.16.4'), machine: 'x86_64' });
    expect(arm).toMatchObject({ ok: true, hashedText: "{'name': 'flytekit', 'registry': 'localhost:30000', 'platform': 'linux/arm64'}" });
    expect(x86).toMatchObject({ ok: true, hashedText: "{'name': 'flytekit', 'registry': 'localhost:30000', 'platform': 'linux/amd64'}" });
    // Before 1.16.4 the default is linux/amd64 whatever the machine.
    const old = computeImageRef(decl, { ...opts('1.16.3'), machine: 'arm64' });
    expect(old.ok && x86.ok && old.tag === x86.tag).toBe(true);
    // Another registry: linux/amd64 without asking the machine.
    expect(computeImageRef(buildDecl({ fields: { registry: 'ghcr.io/me' } }), { ...opts('1.16.4'), machine: undefined }).ok).toBe(true);
  });

  it('force_push survives a later with_* only before 1.13.5', () => {
    const d: SpecDesc = { chain: [['force_push'], ['with_packages', 'a']] };
    expect(ref(d, '1.13.4')).toMatchObject({ ok: true, forcePush: true });
    expect(ref(d, '1.13.5')).toMatchObject({ ok: true, forcePush: false });
  });

  it('the empty spec has five tags over the releases', () => {
    const tags = BEHAVIOURS.map((b) => ref({}, b.since)).map((r) => (r.ok ? r.tag : r.reason));
    expect(new Set(tags).size).toBe(5);
  });
});

describe('end to end: Python source through the real extractor', () => {
  // The same source runs in the oracle with a stand-in `flytekit` module, so
  // the extractor's static resolution and our tag are checked against Python
  // evaluating the code itself.
  const SOURCE = [
    'from flytekit import ImageSpec',
    'import flytekit as fl',
    '',
    'REG = "GHCR.io/" + "Team"',
    'PKGS = ["pandas==2.2", \'numpy\']',
    'VER = "3.11"',
    '',
    'a = ImageSpec("Positional", VER, registry=REG, packages=PKGS)',
    'b = fl.ImageSpec(',
    '    name=f"img-{VER}",',
    '    env={"MSG": "it\'s \\"quoted\\" \\u00e9 \\N{SNOWMAN}", "RAW": r"C:\\path"},',
    '    python_version=3.10,',
    '    tag_format="{spec_hash}-" "dev",',
    '    apt_packages=("git",) and ["git"],',
    ').with_packages("scipy").with_apt_packages(["curl"])',
    'c = ImageSpec(base_image=ImageSpec(name="base", registry="localhost:30000", packages=PKGS), requirements="requirements.txt", registry="localhost:30000")',
    'd = ImageSpec(name="noop-user", builder="noop", base_image="ghcr.io/org/img:1").with_commands("echo hi")',
  ].join('\n');
  const NAMES = ['a', 'b', 'c', 'd'];

  it('agrees with the oracle for every declaration it can resolve', async () => {
    const { extractPython } = await import('../server/extract/python');
    const decls = extractPython(SOURCE, path.join(dir, 'app.py')).decls.filter((d) => !d.parent);
    expect(decls).toHaveLength(NAMES.length);
    const want = JSON.parse(
      execFileSync('python3', [ORACLE], { input: JSON.stringify({ cwd: dir, source: SOURCE, names: NAMES }), encoding: 'utf8' }),
    ) as OracleOut[];
    let compared = 0;
    decls.forEach((decl, i) => {
      const got = computeImageRef(decl, opts());
      expect(want[i].error, NAMES[i]).toBeUndefined();
      // `b` uses `("git",) and ["git"]`, which a static resolver may leave unknown; that is allowed, a wrong tag is not.
      if (!got.ok) {
        expect(NAMES[i], got.reason).toBe('b');
        return;
      }
      compared++;
      expect(got.hashedText, NAMES[i]).toBe(want[i].hashed);
      expect(got.fullName, NAMES[i]).toBe(want[i].image_name);
    });
    expect(compared).toBeGreaterThanOrEqual(3);
  });
});
