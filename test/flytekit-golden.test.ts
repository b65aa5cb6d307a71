// Golden tags recorded from flytekit's own image_spec.py, release by release
// (test/golden/flytekit-tags.json, written by scripts/record-flytekit-golden.py
// from fetched checkouts of flyteorg/flytekit; CI cannot fetch, so the values
// are committed). For every recorded release and spec:
//  - server/flytekit/tag.ts either computes exactly the recorded image name,
//    or says the tag is unknown; unknown is accepted only where flytekit needs
//    files on disk (recorded as needs_files) or for the few gaps listed in
//    KNOWN_GAPS, each with the reason;
//  - our Python oracle (test/oracle/flytekit_tag.py) agrees the same way;
//  - a spec flytekit rejects is rejected by both.
// The specs differ between releases (that is what they were chosen for), so
// a wrong behaviour row shows up as a wrong name here.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeImageRef } from '../server/flytekit/tag';
import { BEHAVIOURS, behaviourFor } from '../server/flytekit/versions';
import { buildDecl, fromOracleSpec } from './helpers/declBuilder';
import { tmpDir } from './helpers/tmp';

interface GoldenSpec {
  id: string;
  why: string;
  spec: unknown;
  plugins?: string[];
  machine?: string;
}
type GoldenResult = { image_name: string; tag: string } | { needs_files: string } | { error: string };
interface Golden {
  requirements_txt: string;
  specs: GoldenSpec[];
  versions: Record<string, { registered: Array<[string, number]>; results: GoldenResult[] }>;
}

const GOLDEN = JSON.parse(fs.readFileSync(path.join(__dirname, 'golden', 'flytekit-tags.json'), 'utf8')) as Golden;
const ORACLE = path.join(__dirname, 'oracle', 'flytekit_tag.py');
const VERSIONS = Object.keys(GOLDEN.versions);

/**
 * Where flytekit's image_name() returns a name but we say the tag is unknown,
 * on purpose: [first release, last release, spec id, why].
 */
const KNOWN_GAPS: Array<[string, string, string, string]> = [
  ['1.11.0', '1.11.0', 'nested-base', '1.11 types base_image as str: a nested spec is hashed by its fields but no builder can build it'],
  ['1.11.0', '1.11.0', 'nested-base-default-builder', 'the same, and flytekit 1.11 has no `default` builder'],
  ['1.11.0', '1.11.0', 'source-root', '1.11 hashes a source_root with os.walk order, which depends on the file system'],
  ['1.12.0', '1.12.3', 'nested-base', 'no builder is registered with flytekit alone before 1.13.0, so the base is never built'],
  ['1.12.0', '1.12.3', 'nested-base-default-builder', 'no `default` builder before 1.13.0'],
];

function cmp(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

function gap(version: string, id: string): boolean {
  return KNOWN_GAPS.some(([from, to, sid]) => sid === id && cmp(from, version) <= 0 && cmp(version, to) <= 0);
}

/** The builder flytekit fills in / builds with: the highest priority registered, plugins included. */
function defaultBuilder(version: string, s: GoldenSpec): string | undefined {
  const reg = new Map(GOLDEN.versions[version].registered);
  for (const p of s.plugins ?? []) reg.set(p, 5);
  let best: string | undefined;
  for (const [n, p] of reg) if (best === undefined || p > reg.get(best)!) best = n;
  return best;
}

let dir: string;
/** The oracle's answer for every release and spec, from one Python process (one request per spec: each has its own scenario). */
const oracleAnswers = new Map<string, Array<{ image_name?: string; error?: string }>>();
beforeAll(() => {
  dir = tmpDir('imagespec-golden-');
  fs.writeFileSync(path.join(dir, 'requirements.txt'), GOLDEN.requirements_txt);
  const requests = VERSIONS.flatMap((version) =>
    GOLDEN.specs.map((s) => ({ cwd: dir, version, default_builder: defaultBuilder(version, s) ?? null, machine: s.machine ?? 'x86_64', specs: [s.spec] })),
  );
  const out = JSON.parse(execFileSync('python3', [ORACLE], { input: JSON.stringify(requests), encoding: 'utf8' })) as Array<Array<{ image_name?: string; error?: string }>>;
  VERSIONS.forEach((v, k) => oracleAnswers.set(v, out.slice(k * GOLDEN.specs.length, (k + 1) * GOLDEN.specs.length).map((r) => r[0])));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const readFile = (p: string): Buffer | undefined => {
  try {
    return fs.readFileSync(p);
  } catch {
    return undefined;
  }
};

describe('the recorded goldens', () => {
  it('cover both sides of every behaviour row', () => {
    for (const b of BEHAVIOURS) {
      expect(VERSIONS, `row ${b.since}`).toContain(b.since);
      const i = BEHAVIOURS.indexOf(b);
      if (i > 0) {
        // The last release before the row, when it is a release of the table's range.
        const before = VERSIONS.filter((v) => cmp(v, b.since) < 0);
        expect(before.length, `a release before ${b.since}`).toBeGreaterThan(0);
      }
    }
    // The releases named by the issue, both sides.
    for (const v of ['1.13.4', '1.13.5', '1.13.6', '1.15.0', '1.15.1', '1.15.2', '1.15.3', '1.15.4', '1.16.0', '1.16.3', '1.16.4', '1.16.24']) {
      expect(VERSIONS).toContain(v);
    }
  });

  it('are mostly computed tags, and differ between releases', () => {
    const names = new Set<string>();
    let computed = 0;
    for (const v of VERSIONS) {
      for (const r of GOLDEN.versions[v].results) {
        if ('image_name' in r) {
          computed++;
          names.add(r.image_name);
        }
      }
    }
    expect(computed).toBeGreaterThan(VERSIONS.length * 15);
    // The empty spec alone has five different tags over the releases (1.11, 1.12, 1.13.1, 1.13.5, 1.15.1).
    const empty = GOLDEN.specs.findIndex((s) => s.id === 'empty');
    const emptyNames = new Set(VERSIONS.map((v) => (GOLDEN.versions[v].results[empty] as { image_name: string }).image_name));
    expect(emptyNames.size).toBe(5);
  });

  it('record the builders flytekit itself registers', () => {
    for (const v of VERSIONS) {
      const b = behaviourFor(v);
      expect(b.ok, v).toBe(true);
      if (!b.ok) continue;
      const ours = b.behaviour.registered.map((r) => [r.name, r.priority]).sort();
      expect(ours, v).toEqual([...GOLDEN.versions[v].registered].sort());
    }
  });
});

describe.each(VERSIONS)('flytekit %s', (version) => {
  const entry = GOLDEN.versions[version];

  it.each(GOLDEN.specs.map((s, i) => [s.id, s, i] as const))('%s', (id, s, i) => {
    const want = entry.results[i];
    const got = computeImageRef(buildDecl(fromOracleSpec(s.spec), path.join(dir, 'app.py')), {
      flytekitVersion: version,
      projectRoot: dir,
      readFile,
      defaultBuilder: defaultBuilder(version, s),
      machine: s.machine ?? 'x86_64',
    });
    if ('image_name' in want) {
      if (got.ok) expect(got.fullName).toBe(want.image_name);
      else expect(gap(version, id), `unknown: ${got.reason}`).toBe(true);
    } else if ('needs_files' in want) {
      expect(got.ok).toBe(false);
      if (!got.ok) expect(got.reason).toMatch(/digest of/);
    } else {
      expect(got.ok, `flytekit raised ${want.error}`).toBe(false);
    }
  });

  it('the Python oracle agrees', () => {
    let compared = 0;
    GOLDEN.specs.forEach((s, i) => {
      const want = entry.results[i];
      const got = oracleAnswers.get(version)![i];
      const id = s.id;
      if ('image_name' in want) {
        if (got.image_name !== undefined) {
          expect(got.image_name, id).toBe(want.image_name);
          compared++;
        } else expect(gap(version, id), `${id}: oracle says ${got.error}`).toBe(true);
      } else if ('needs_files' in want) {
        expect(got.error, id).toMatch(/^unsupported/);
      } else {
        expect(got.error, id).toBeDefined();
        expect(got.error, id).not.toMatch(/^unsupported/);
      }
    });
    expect(compared).toBeGreaterThan(15);
  });
});
