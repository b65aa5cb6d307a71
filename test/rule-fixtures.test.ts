// One fixture per rule (fixtures/rules/ISnnn.py), linted by the built CLI as
// a user runs it, in a copy of the fixture project: the CLI's full output is
// compared with a committed snapshot (test/snapshots/rules/ISnnn.txt), every
// line marked `# finding` must have a finding and every line marked
// `# silent` none, and the fixes offered must match the rule's documented
// fix safety. Deep rules run against the local Artifact Registry
// (test/garServer.ts). The targeted tests (test/ISnnn-*.test.ts) keep the
// exact ranges, messages and applied fixes; this is the rule catalogue seen
// from outside, one file each, ruff-style.
//
// A snapshot is updated with `npx vitest run test/rule-fixtures.test.ts -u`
// after a deliberate change of a rule's output, and reviewed in the diff.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../rules';
import type { RuleMeta } from '../server/engine/types';
import { ROOT, runCliAsync } from './helpers/cli';
import { GarTestServer } from './garServer';
import { tmpDir } from './helpers/tmp';

const FIXTURES = path.join(ROOT, 'fixtures', 'rules');
const SNAPSHOTS = path.join(__dirname, 'snapshots', 'rules');
const gar = new GarTestServer();
let project = '';
let cache = '';

beforeAll(async () => {
  await gar.start();
  const repo = (repository: string, extra: { format?: string; mode?: string; callerPermissions?: string[] } = {}) =>
    gar.addRepository({ project: 'my-project', location: 'us-east1', repository, ...extra });
  repo('images');
  repo('wheels', { format: 'PYTHON' });
  repo('dockerhub-mirror', { mode: 'REMOTE_REPOSITORY' });
  repo('all-images', { mode: 'VIRTUAL_REPOSITORY' });
  repo('readonly', { callerPermissions: [] });
  gar.setFault('projects/other-team', { kind: 'permission-denied' });
  gar.setFault('projects/api-off', { kind: 'service-disabled' });
  const base = tmpDir('isl-rule-fixtures-');
  project = path.join(base, 'project');
  cache = path.join(base, 'cache');
  fs.cpSync(FIXTURES, project, { recursive: true });
  fs.appendFileSync(path.join(project, 'imagespec-lint.toml'), `endpoint = "${gar.endpoint}"\n`);
});

afterAll(async () => {
  await gar.stop();
});

/** The CLI arguments a fixture asks for on its first line (`linted with: ...`), else `--select CODE`. */
function selection(code: string, text: string): string[] {
  const m = /^# \S+ fixture, linted with: (.*?)(?:; linted as: \S+)?$/m.exec(text.split('\n')[0]);
  return m ? m[1].split(' ') : ['--select', code];
}

/**
 * Where a fixture is linted: `ISnnn.py` at the project root, or the path its
 * first line names (`# ISnnn fixture, linted as: examples/etl/ISnnn.py`) for
 * rules about the folder a file sits in (IS407); the fixture is copied there.
 */
function lintedAs(code: string, text: string): string {
  const m = /linted as: (\S+)/.exec(text.split('\n')[0]);
  if (!m) return `${code}.py`;
  const target = path.join(project, m[1]);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  return m[1];
}

/** Runs the CLI on a fixture; paths of the temporary project and the server's port made stable. */
async function lint(rule: RuleMeta, text: string, format: 'full' | 'json'): Promise<string> {
  const args = [...selection(rule.code, text), rule.deep ? '--deep' : '--no-deep', '--no-cache', '--output-format', format, lintedAs(rule.code, text)];
  const r = await runCliAsync(args, {
    cwd: project,
    env: { DOCKER_CONFIG: path.join(project, 'docker'), IMAGESPEC_CACHE_DIR: cache, IMAGESPEC_DATAPLANE_REGION: '', IMAGESPEC_DATAPLANE_PROJECT: '' },
  });
  const port = new URL(gar.endpoint).port;
  const stable = (s: string) => s.split(project).join('<project>').split(`127.0.0.1:${port}`).join('127.0.0.1:<port>');
  return stable(`${r.stdout}${r.stderr ? `--- stderr\n${r.stderr}` : ''}--- exit code ${r.code}\n`);
}

interface JsonFinding {
  code: string;
  location: { line: number };
  fixes: { safe: boolean; edits: unknown[]; createFile?: unknown; command?: { id: string } }[];
}

/** 1-based line numbers of the lines ending in `# finding` / `# silent`. */
function marked(text: string, mark: 'finding' | 'silent'): number[] {
  return text.split('\n').flatMap((l, i) => (l.trimEnd().endsWith(`# ${mark}`) ? [i + 1] : []));
}

describe('rule fixtures', () => {
  it('every rule has a fixture with positive cases and near-misses, and a snapshot', () => {
    const problems: string[] = [];
    for (const r of catalog) {
      const file = path.join(FIXTURES, `${r.code}.py`);
      if (!fs.existsSync(file)) {
        problems.push(`${r.code}: no fixtures/rules/${r.code}.py`);
        continue;
      }
      const text = fs.readFileSync(file, 'utf8');
      if (!marked(text, 'finding').length) problems.push(`${r.code}: no line marked # finding`);
      if (!marked(text, 'silent').length) problems.push(`${r.code}: no line marked # silent`);
      if (!fs.existsSync(path.join(SNAPSHOTS, `${r.code}.txt`))) problems.push(`${r.code}: no test/snapshots/rules/${r.code}.txt`);
    }
    const extra = fs.readdirSync(FIXTURES).filter((f) => /^IS\d{3}\.py$/.test(f) && !catalog.some((r) => `${r.code}.py` === f));
    expect(problems).toEqual([]);
    expect(extra).toEqual([]);
  });

  for (const rule of catalog) {
    it(`${rule.code} ${rule.name}`, async () => {
      const file = path.join(FIXTURES, `${rule.code}.py`);
      const snapshot = path.join(SNAPSHOTS, `${rule.code}.txt`);
      // A missing snapshot would be written and pass: it must exist (the test above names it).
      expect(fs.existsSync(file) && fs.existsSync(snapshot)).toBe(true);
      const text = fs.readFileSync(file, 'utf8');
      const [full, json] = await Promise.all([lint(rule, text, 'full'), lint(rule, text, 'json')]);
      await expect(full).toMatchFileSnapshot(snapshot);

      const report = JSON.parse(json.slice(0, json.lastIndexOf('--- exit code'))) as { findings: JsonFinding[] };
      const lines = new Set(report.findings.map((f) => f.location.line));
      const own = report.findings.filter((f) => f.code === rule.code);
      expect(own.length, `${rule.code} reports nothing on its fixture`).toBeGreaterThan(0);
      expect(marked(text, 'finding').filter((l) => !lines.has(l)), 'lines marked # finding without a finding').toEqual([]);
      expect(marked(text, 'silent').filter((l) => lines.has(l)), 'lines marked # silent with a finding').toEqual([]);
      expect([...lines].filter((l) => !marked(text, 'finding').includes(l)), 'findings on lines not marked # finding').toEqual([]);

      // The fixes seen agree with the documented fix safety.
      const textFixes = own.flatMap((f) => f.fixes).filter((x) => x.edits.length > 0 || x.createFile);
      const commands = own.flatMap((f) => f.fixes).flatMap((x) => (x.command ? [x.command.id] : []));
      const kind = rule.fixSafety.kind;
      if (kind === 'safe') expect(textFixes.length > 0 && textFixes.every((x) => x.safe), `${rule.code}: documented safe`).toBe(true);
      if (kind === 'unsafe') expect(textFixes.length > 0 && textFixes.every((x) => !x.safe), `${rule.code}: documented unsafe`).toBe(true);
      if (kind === 'none') expect(textFixes, `${rule.code}: documented without a text fix`).toEqual([]);
      expect([...new Set(commands)].sort()).toEqual([...(rule.fixSafety.commands ?? [])].sort());
    });
  }
});
