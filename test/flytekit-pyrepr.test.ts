// Unit tests of the Python emulation in server/flytekit/pyrepr.ts and of the
// registry check in server/flytekit/fields.ts. Expected values come from
// python3 at test time: each value is sent as JSON (floats as text, tuples and
// dicts tagged), Python rebuilds it and prints repr() / re.match results.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FLYTEKIT_REGISTRY_PATTERN, isValidRegistry, IMAGE_SPEC_FIELDS, checkKind, fieldInfo, BUILDER_METHODS } from '../server/flytekit/fields';
import { makeDict, py, pyFormat, pyRepr, reprFloat, reprStr, type PyValue } from '../server/flytekit/pyrepr';
import { toValue, tuple } from './helpers/declBuilder';

function python(code: string, input: unknown): unknown {
  return JSON.parse(execFileSync('python3', ['-c', code], { input: JSON.stringify(input), encoding: 'utf8' }));
}

const DECODE = `
import json, sys, re
def d(v):
    if isinstance(v, list): return [d(x) for x in v]
    if isinstance(v, dict):
        if '__float__' in v: return float(v['__float__'])
        if '__int__' in v: return int(v['__int__'])
        if '__tuple__' in v: return tuple(d(x) for x in v['__tuple__'])
        if '__dict__' in v: return {d(k): d(x) for k, x in v['__dict__']}
    return v
`;

function enc(v: PyValue): unknown {
  switch (v.t) {
    case 'str':
    case 'bool':
      return v.v;
    case 'none':
      return null;
    case 'int':
      return { __int__: v.v.toString() };
    case 'float':
      return { __float__: Object.is(v.v, -0) ? '-0.0' : String(v.v) };
    case 'list':
      return v.items.map(enc);
    case 'tuple':
      return { __tuple__: v.items.map(enc) };
    case 'dict':
      return { __dict__: v.entries.map(([k, x]) => [enc(k), enc(x)]) };
    default:
      throw new Error('not encodable');
  }
}

const STRINGS = [
  '',
  'plain ascii',
  "it's",
  'say "hi"',
  `both ' and "`,
  'back\\slash',
  'tab\there\nnewline\rcr',
  '\x00\x01\x1b\x1f\x7f',
  '\x80\x85\x9f\xa0\xad\xff',
  'héllo wörld ñ',
  'ΣΟΦΙΑ σοφία',
  '中文 日本語 한국어',
  'مرحبا עברית',
  '😀 🚀 \u{1f1fa}\u{1f1f8}',
  'zero\u200bwidth \u200e\u200f',
  '\u2028\u2029\u3000\u1680',
  '\ue000\uf8ff\u{f0000}',
  '\ufeff\ufff9',
  '\uffff\ufffe\u0378',
  '\u{e0001}\u{e007f}',
  '\u{10ffff}\u{1d400}',
  'combining e\u0301 a\u0308',
  'lone \ud800 and \udfff',
  '\\x41 not an escape',
];

// Literals written as a person would type them; some are not exactly representable, which is the point.
/* eslint-disable no-loss-of-precision */
const FLOATS = [
  0.1, 0.30000000000000004, 1 / 3, 2 / 3, 1e16, 1e15, 9999999999999998, 1e17, 123456789.123, 1e-4, 1e-5, 0.00012345, 5e-324,
  1.7976931348623157e308, -2.5, 100, 1e22, 2 ** 53, 12345678901234567890, Infinity, -Infinity, NaN, -0, 0, 1.5e-7, 3.1, 3.14159,
  1234567890123456.7, 0.000123, 1e100, 2.5e-300,
];
/* eslint-enable no-loss-of-precision */

describe('repr emulation matches python3', () => {
  it('str', () => {
    const want = python(DECODE + 'print(json.dumps([repr(s) for s in json.load(sys.stdin)]))', STRINGS) as string[];
    expect(STRINGS.map(reprStr)).toEqual(want);
  });

  it('float', () => {
    const input = FLOATS.map((x) => (Object.is(x, -0) ? '-0.0' : String(x)));
    const want = python('import json,sys\nprint(json.dumps([repr(float(x)) for x in json.load(sys.stdin)]))', input) as string[];
    expect(FLOATS.map(reprFloat)).toEqual(want);
  });

  it('containers, ints, bools, None and dict key merging', () => {
    const RAW_PAIRS: Array<[PyValue, PyValue]> = [
      [py.int(1), py.str('a')],
      [py.bool(true), py.str('b')],
      [py.float(1), py.str('c')],
      [py.str('k'), py.tuple([py.none])],
      [py.tuple([py.int(1), py.str('x')]), py.float(0.5)],
      [py.none, py.bool(false)],
      [py.str('k'), py.str('last wins, first position')],
    ];
    const values: PyValue[] = [
      py.int(0),
      py.int(-7n),
      py.int(10n ** 30n),
      py.bool(true),
      py.none,
      py.list([]),
      py.tuple([]),
      py.tuple([py.str('one')]),
      py.tuple([py.int(1), py.str('two'), py.float(3)]),
      py.list([py.list([py.str("a'b")]), py.dict([])]),
      makeDict(RAW_PAIRS),
    ];
    // The dict goes to Python unmerged (the raw pairs); Python merges it while decoding, like a dict display.
    const sent = values.map((v, i) => (i === values.length - 1 ? enc(py.dict(RAW_PAIRS)) : enc(v)));
    const want = python(DECODE + 'print(json.dumps([repr(d(v)) for v in json.load(sys.stdin)]))', sent) as string[];
    expect(values.map(pyRepr)).toEqual(want);
  });
});

describe('str.format emulation', () => {
  const cases = ['{spec_hash}', '{spec_hash}-dev', 'v{{x}}{spec_hash!s}', '{spec_hash!r}', '{spec_hash!a}', 'plain', '', '}}{{'];
  const failing = ['{other}', '{}', '{0}', '{spec_hash', 'x}', '{spec_hash!x}', '{spec_hash!sx}'];
  it('matches python3 for the forms it supports', () => {
    const want = python(
      'import json,sys\nout=[]\nfor t in json.load(sys.stdin):\n  try: out.append(t.format(spec_hash="AbC_1"))\n  except Exception as e: out.append("ERR " + type(e).__name__)\nprint(json.dumps(out))',
      [...cases, ...failing],
    ) as string[];
    const got = [...cases, ...failing].map((t) => {
      const r = pyFormat(t, { spec_hash: 'AbC_1' });
      return r.ok ? r.value : 'error' in r ? 'ERR ' + r.error.pyType : 'UNSUPPORTED';
    });
    expect(got).toEqual(want);
  });

  it('reports format specs and attribute access as unsupported, not as a value', () => {
    for (const t of ['{spec_hash:>30}', '{spec_hash[0]}', '{spec_hash.upper}']) {
      const r = pyFormat(t, { spec_hash: 'x' });
      expect(r.ok).toBe(false);
      expect('unsupported' in r).toBe(true);
    }
  });
});

describe('registry check', () => {
  const REGISTRIES = [
    'ghcr.io/owner',
    'GHCR.io/Owner',
    'localhost:30000',
    'localhost:123456',
    'localhost',
    'docker.io/user',
    'us-east1-docker.pkg.dev/my-project/my-repo',
    'https://ghcr.io/owner',
    'ghcr.io/owner/',
    'ghcr.io/owner\n',
    'ghcr.io/owner\n\n',
    'ghcr.io/ünï/çode',
    'ghcr.io/a b',
    'ghcr.io/owner:tag',
    'host:1/x_y',
    '123.dkr.ecr.us-east-1.amazonaws.com',
    'ghcr.io/"owner"',
    'ghcr.io/owner.',
    'ghcr.io/o/e\u0301',
    'ghcr.io/x²',
    '١٢٣.io/x',
    'ghcr.io/owner@sha256:abc',
    'İstanbul.io/x',
    '',
  ];
  it('isValidRegistry matches flytekit (python3 re.match after lower(), empty skipped)', () => {
    const want = python(
      `import json,sys,re\nP=${JSON.stringify(FLYTEKIT_REGISTRY_PATTERN)}\nprint(json.dumps([True if not s else bool(re.match(P, s.lower())) for s in json.load(sys.stdin)]))`,
      REGISTRIES,
    ) as boolean[];
    expect(REGISTRIES.map(isValidRegistry)).toEqual(want);
    // Not all the same answer: the table exercises both sides.
    expect(new Set(want).size).toBe(2);
  });
});

describe('field table', () => {
  it('keeps dataclass order and the documented defaults', () => {
    expect(IMAGE_SPEC_FIELDS.slice(0, 6).map((f) => f.name)).toEqual(['name', 'python_version', 'builder', 'source_root', 'env', 'registry']);
    expect(IMAGE_SPEC_FIELDS.map((f) => f.name).indexOf('python_exec')).toBe(25);
    // v1.16.4:flytekit/image_spec/image_spec.py:98 `platform: Optional[str] = None` (filled in __post_init__).
    expect(fieldInfo('platform')!.default).toBe(null);
    expect(fieldInfo('name')!.default).toBe('flytekit');
    for (const f of IMAGE_SPEC_FIELDS) expect(f.doc.length).toBeGreaterThan(20);
  });

  it('every builder method names a field of the table', () => {
    for (const m of BUILDER_METHODS) if (m.field) expect(fieldInfo(m.field), m.name).toBeDefined();
  });

  it('drives the list-of-strings check (IS502)', () => {
    const packages = fieldInfo('packages')!;
    expect(checkKind(packages, toValue('requirements.txt'))).toMatchObject({ ok: false, problem: 'bareString' });
    expect(checkKind(packages, toValue(['a', 3]))).toMatchObject({ ok: false, problem: 'nonStringItem' });
    expect(checkKind(packages, toValue(tuple('a')))).toMatchObject({ ok: false, problem: 'notList' });
    expect(checkKind(packages, toValue(['a', 'b']))).toEqual({ ok: true });
    expect(checkKind(packages, toValue(null))).toEqual({ ok: true });
    expect(checkKind(packages, { kind: 'unknown', reason: 'x', range: toValue('a').range })).toEqual({ ok: 'unknown' });
    expect(checkKind(fieldInfo('env')!, toValue({ A: 1 }))).toMatchObject({ ok: false, problem: 'nonStringEntry' });
    expect(checkKind(fieldInfo('pip_secret_mounts')!, toValue([tuple('a', 'b')]))).toEqual({ ok: true });
    expect(checkKind(fieldInfo('pip_secret_mounts')!, toValue([['a', 'b']]))).toMatchObject({ ok: false, problem: 'badPair' });
    expect(checkKind(fieldInfo('name')!, toValue(null))).toMatchObject({ ok: false });
  });
});
