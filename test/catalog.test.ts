// The catalog is a contract: the rules' own metadata (rules/index.ts) is its
// single source of truth. Every code has a rule file named for it, a test
// file that exercises it, and a page and a README row generated from the
// metadata (test/rule-docs.test.ts). Nothing here reads a file outside the repository.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog, ruleSet } from '../rules';
import { OPT_IN_CODES, PUBLISHED_CODES } from '../server/engine/codes';
import { KNOWN_RELEASES } from '../server/flytekit/versions';
import { atLeast, FLYTE_VERIFIED_VERSION } from '../server/flyte/version';

const ROOT = path.resolve(__dirname, '..');

// The published codes, names and default severities. Users' configs,
// suppressions and CI gates name them, so they only ever grow: a code is
// never renamed, renumbered or removed, and a default severity changes only
// on purpose (edit this table in the same commit as the rule).
const PUBLISHED: [code: string, name: string, severity: string][] = [
  ['IS000', 'unused-suppression', 'warning'],
  ['IS101', 'registry-invalid', 'error'],
  ['IS102', 'uppercase-registry-or-name', 'warning'],
  ['IS103', 'gar-repository-missing', 'error'],
  ['IS104', 'gar-location-unknown', 'error'],
  ['IS105', 'gar-host-format', 'error'],
  ['IS106', 'gar-invalid-id', 'error'],
  ['IS107', 'gcr-host', 'warning'],
  ['IS108', 'registry-malformed', 'error'],
  ['IS109', 'registry-missing', 'warning'],
  ['IS201', 'gar-repository-not-found', 'error'],
  ['IS202', 'gar-repository-not-docker', 'error'],
  ['IS203', 'gar-repository-not-standard', 'error'],
  ['IS204', 'gar-upload-denied', 'warning'],
  ['IS205', 'gar-repository-unchecked', 'info'],
  ['IS301', 'gar-region-mismatch', 'warning'],
  ['IS302', 'gar-project-mismatch', 'info'],
  ['IS401', 'requirements-missing', 'error'],
  ['IS402', 'lock-without-pyproject', 'error'],
  ['IS403', 'lock-with-packages', 'error'],
  ['IS404', 'copy-path', 'error'],
  ['IS405', 'source-root-missing', 'error'],
  ['IS406', 'flyte-file-missing', 'error'],
  ['IS407', 'paths-from-different-folders', 'warning'],
  ['IS501', 'unknown-keyword', 'error'],
  ['IS502', 'list-field-type', 'error'],
  ['IS503', 'image-name-invalid', 'error'],
  ['IS504', 'platform-invalid', 'error'],
  ['IS505', 'tag-format', 'warning'],
  ['IS506', 'cuda-default-builder', 'error'],
  ['IS507', 'base-image-invalid', 'error'],
  ['IS508', 'conda-with-python-exec', 'error'],
  ['IS509', 'env-whitespace', 'warning'],
  ['IS510', 'force-push-not-last', 'warning'],
  ['IS511', 'unknown-builder', 'warning'],
  ['IS512', 'python-version', 'error'],
  ['IS513', 'builder-ignores-field', 'warning'],
  ['IS601', 'push-credentials', 'warning'],
  ['IS701', 'layer-on-non-extendable', 'error'],
  ['IS702', 'layer-on-nameless', 'error'],
  ['IS703', 'list-argument', 'error'],
  ['IS704', 'platform-string', 'error'],
  ['IS705', 'python-version', 'error'],
  ['IS706', 'str-for-path', 'error'],
  ['IS707', 'wrong-file-kind', 'error'],
  ['IS708', 'run-prefix', 'warning'],
  ['IS709', 'registry-secret-dropped', 'warning'],
  ['IS710', 'uv-script-python', 'warning'],
  ['IS711', 'unknown-image-ref', 'error'],
  ['IS712', 'dockerfile-remote-builder', 'error'],
  ['IS713', 'environment-image-type', 'error'],
];

describe('rule catalog', () => {
  it('lists only catalog codes in server/engine/codes.ts (the CLI checks configs against it without loading the rules)', () => {
    const codes = catalog.map((r) => r.code);
    expect(PUBLISHED_CODES.filter((c) => !codes.includes(c))).toEqual([]);
    expect(OPT_IN_CODES).toEqual(catalog.filter((r) => r.optIn).map((r) => r.code));
  });

  it('keeps every published code with its name and default severity', () => {
    expect(catalog.map((r) => [r.code, r.name, r.severity])).toEqual(PUBLISHED);
  });

  it('has a rule file and a test file for every code', () => {
    const ruleFiles = fs.readdirSync(path.join(ROOT, 'rules'));
    const testFiles = fs.readdirSync(path.join(ROOT, 'test'));
    const problems: string[] = [];
    for (const rule of catalog) {
      const code = rule.code;
      expect(code).toMatch(/^IS\d{3}$/);
      if (!ruleFiles.includes(`${code}-${rule.name}.ts`)) problems.push(`${code}: no rules/${code}-${rule.name}.ts`);
      const t = testFiles.find((f) => f.startsWith(`${code}-`) && f.endsWith('.test.ts'));
      if (!t) problems.push(`${code}: no test/${code}-*.test.ts`);
      else if (!fs.readFileSync(path.join(ROOT, 'test', t), 'utf8').includes(`'${code}'`)) problems.push(`${code}: ${t} never asserts on '${code}'`);
    }
    expect(problems).toEqual([]);
  });

  it('names every rule file in rules/index.ts, once per code', () => {
    const files = fs.readdirSync(path.join(ROOT, 'rules')).filter((f) => /^IS\d{3}-/.test(f));
    const codes = files.map((f) => f.slice(0, 5));
    expect(new Set(codes).size).toBe(codes.length);
    expect(catalog.map((r) => r.code).sort()).toEqual(codes.sort());
    expect(new Set(ruleSet.rules.map((r) => r.code)).size).toBe(ruleSet.rules.length);
  });

  it('every rule has docs with an example', () => {
    for (const r of catalog) {
      expect(r.name, r.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.summary.length, r.code).toBeGreaterThan(10);
      expect(r.docs.why.length, r.code).toBeGreaterThan(40);
      expect(r.docs.example.length, r.code).toBeGreaterThan(10);
    }
  });

  it('every rule documents itself once: what it does, fix safety, the SDK releases it applies to; the header comment holds maintainer notes only', () => {
    const problems: string[] = [];
    for (const r of catalog) {
      if (r.docs.whatItDoes.length < 40) problems.push(`${r.code}: docs.whatItDoes is missing or too short`);
      if (!r.docs.whatItDoes.startsWith('Reports') && !r.docs.whatItDoes.startsWith('Deep check')) problems.push(`${r.code}: docs.whatItDoes should say what it reports`);
      if (r.docs.runtimeError && r.docs.runtimeError.error.length < 10) problems.push(`${r.code}: docs.runtimeError.error is empty`);
      if (!['safe', 'unsafe', 'mixed', 'none'].includes(r.fixSafety.kind)) problems.push(`${r.code}: fixSafety.kind ${r.fixSafety.kind}`);
      if (r.fixSafety.kind === 'mixed' && !r.fixSafety.note) problems.push(`${r.code}: a mixed fix safety must say when a fix is safe`);
      if (r.code !== 'IS000' && r.appliesTo.length === 0) problems.push(`${r.code}: appliesTo names no SDK`);
      for (const a of r.appliesTo) {
        if (a.since !== undefined && !/^\d+\.\d+\.\d+$/.test(a.since)) problems.push(`${r.code}: appliesTo.since ${a.since} is not a release`);
        if (a.since !== undefined && !a.note?.includes(a.since)) problems.push(`${r.code}: appliesTo.note must say what changed in ${a.since}`);
        if (a.sdk === 'flytekit' && a.since !== undefined && !KNOWN_RELEASES.includes(a.since)) problems.push(`${r.code}: appliesTo.since ${a.since} is no release read`);
        // flyte (Flyte 2): no newer than the flyte-sdk release the mirror was read at (server/flyte/version.ts).
        if (a.sdk === 'flyte' && a.since !== undefined && !atLeast(FLYTE_VERIFIED_VERSION, a.since)) problems.push(`${r.code}: appliesTo.since ${a.since} is newer than flyte ${FLYTE_VERIFIED_VERSION}, the release read`);
        // Where the release was read: a row of server/flytekit/versions.ts (rules/shared/sdkRange.ts) or a commit found by scripts/flytekit-since.js;
        // for flyte, a file:line of the flyte-sdk tag read (rules/shared/flyteView.ts's flyteSince).
        const where = a.sdk === 'flyte' ? /v\d+\.\d+\.\d+:src\/flyte\/\S+:\d+/ : /flyteorg\/flytekit@[0-9a-f]{9}|v\d+\.\d+\.\d+:flytekit\//;
        if (a.note !== undefined && !where.test(a.note)) problems.push(`${r.code}: appliesTo.note must say where it was read`);
      }
      const file = fs.readdirSync(path.join(ROOT, 'rules')).find((f) => f.startsWith(`${r.code}-`))!;
      const header = /^(?:\/\/.*\n)*/.exec(fs.readFileSync(path.join(ROOT, 'rules', file), 'utf8'))![0];
      // The old headers opened with "ISnnn: <what it reports>", a second copy of the docs.
      if (new RegExp(`^// ${r.code}( \\(deep[^)]*\\))?:`).test(header)) problems.push(`${r.code}: the header comment describes the rule again; keep only maintainer notes`);
    }
    expect(problems).toEqual([]);
  });
});
