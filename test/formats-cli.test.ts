// The formats through the built CLI: real rules, real files. Also
// --output-file, --statistics, colours, --force-exclude and the progress line.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ROOT, runCli } from './helpers/cli';
import { tmpProject } from './helpers/lint';
import { gitlabProblems, rdjsonValidator, sarifValidator } from './formats-fixture';
import { FILE_THRESHOLD, Progress } from '../server/cli/progress';

const TYPO = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", pacakges=["pandas"])\n';
const CLEAN = 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", packages=["pandas"], registry="ghcr.io/acme")\n';

describe('formats through the CLI', () => {
  it('json: one parseable document with the finding, exit code unchanged', () => {
    const dir = tmpProject({ 'wf.py': TYPO });
    const r = runCli(['--select', 'IS501', '--output-format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.version).toBe(1);
    expect(doc.findings).toHaveLength(1);
    expect(doc.findings[0]).toMatchObject({
      file: 'wf.py',
      code: 'IS501',
      name: 'unknown-keyword',
      severity: 'error',
      range: { start: { line: 2, character: 30 }, end: { line: 2, character: 38 } },
      location: { line: 3, column: 31, endLine: 3, endColumn: 39 },
      fixes: [{ title: 'Rename to `packages`', safe: true, preferred: true, edits: [{ file: 'wf.py', newText: 'packages' }] }],
    });
  });

  it('sarif from a real run (every rule, real docs) validates against the schema', () => {
    const dir = tmpProject({ 'wf.py': TYPO, 'sub/more.py': 'from flytekit import ImageSpec\nx = ImageSpec(name="x", registry="https://ghcr.io/Acme/")\n' });
    const r = runCli(['--output-format', 'sarif', '--no-deep'], { cwd: dir });
    const log = JSON.parse(r.stdout);
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = log.runs[0];
    expect(run.tool.driver.rules.length).toBeGreaterThan(10);
    expect(run.results.length).toBeGreaterThanOrEqual(2);
    for (const res of run.results) expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(pathToFileURL(fs.realpathSync(dir)).href + '/');
  });

  it('github and junit print nothing but their own syntax', () => {
    const dir = tmpProject({ 'wf.py': TYPO });
    const gh = runCli(['--select', 'IS501', '--output-format', 'github'], { cwd: dir });
    expect(gh.stdout).toBe(
      '::error file=wf.py,line=3,col=31,endLine=3,endColumn=39,title=IS501::ImageSpec has no field `pacakges`: importing this module raises TypeError; did you mean `packages`?\n',
    );
    const ju = runCli(['--select', 'IS501', '--output-format', 'junit'], { cwd: dir });
    expect(ju.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="imagespec-lint" tests="1" failures="1"/);
    expect(ju.stdout).toContain('<failure message="IS501 ImageSpec has no field `pacakges`');
  });

  it('gitlab and rdjson from a real run pass their schemas, with the exit code of the findings', () => {
    const dir = tmpProject({
      'wf.py': TYPO,
      // Non-ASCII before the finding: rdjson counts UTF-8 bytes, gitlab code points.
      'sub/more.py': 'from flytekit import ImageSpec\nx = ImageSpec(name="é", registry="https://ghcr.io/Acme/")\n',
    });
    const gl = runCli(['--output-format', 'gitlab', '--no-deep'], { cwd: dir });
    expect(gl.code).toBe(1);
    const issues = JSON.parse(gl.stdout) as { check_name: string; location: { path: string; positions: { begin: { column: number } } } }[];
    expect(gitlabProblems(issues)).toEqual([]);
    expect(issues.map((i) => `${i.location.path} ${i.check_name}`)).toContain('wf.py IS501');
    const rd = runCli(['--output-format', 'rdjson', '--no-deep'], { cwd: dir });
    expect(rd.code).toBe(1);
    const result = JSON.parse(rd.stdout);
    const validate = rdjsonValidator();
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(result.diagnostics.length).toBe(issues.length);
    const is501 = result.diagnostics.find((d: { code: { value: string } }) => d.code.value === 'IS501');
    expect(is501).toMatchObject({
      location: { path: 'wf.py', range: { start: { line: 3, column: 31 }, end: { line: 3, column: 39 } } },
      severity: 'ERROR',
      code: { value: 'IS501', url: 'https://github.com/imagespec-lint/imagespec-lint/blob/main/docs/rules/IS501.md' },
      suggestions: [{ range: { start: { line: 3, column: 31 }, end: { line: 3, column: 39 } }, text: 'packages' }],
    });
    // IS101 flags the registry's text on line 2 of sub/more.py: `é` before it is one code point, two bytes.
    const line = 'x = ImageSpec(name="é", registry="https://ghcr.io/Acme/")';
    const before = line.slice(0, line.indexOf('https'));
    const cp = [...before].length + 1;
    const reg = result.diagnostics.find((d: { location: { path: string }; code: { value: string } }) => d.location.path === 'sub/more.py' && d.code.value === 'IS101');
    expect(reg.location.range.start).toEqual({ line: 2, column: Buffer.byteLength(before) + 1 });
    const glReg = issues.find((i) => i.location.path === 'sub/more.py' && i.check_name === 'IS101')!;
    expect(glReg.location.positions.begin.column).toBe(cp);
    expect(reg.location.range.start.column).toBe(cp + 1);
  });

  it("docs/ci.md's gitlab sample is what the CLI prints for its example", () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'ci.md'), 'utf8');
    const sample = /### `gitlab`\n[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(sample).toBeDefined();
    const dir = tmpProject({ 'workflows/etl.py': 'from flytekit import ImageSpec\n\nimage = ImageSpec(name="etl", pacakges=["pandas"])\n' });
    const r = runCli(['--select', 'IS501', '--output-format', 'gitlab'], { cwd: dir });
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(sample!));
  });

  it('--output-file writes the report there and nothing to stdout, creating its folder; notes still go to stderr', () => {
    const dir = tmpProject({ 'wf.py': TYPO, 'blocker': '' });
    // The folders do not exist yet (a fresh CI checkout): they are created.
    const ok = runCli(['--select', 'IS501', '--output-format', 'sarif', '--output-file', 'reports/lint/report.sarif'], { cwd: dir });
    expect(ok).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'reports/lint/report.sarif'), 'utf8')).runs[0].results).toHaveLength(1);
    // A folder that cannot be: a clear error, exit 2.
    const r = runCli(['--select', 'IS501', '--output-format', 'sarif', '-o', 'blocker/report.sarif'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^imagespec-lint: cannot write blocker\/report\.sarif: /);
  });

  it('--statistics counts per code, as text and as JSON', () => {
    const two = 'from flytekit import ImageSpec\n\na = ImageSpec(name="a", pacakges=["x"])\nb = ImageSpec(name="b", pakages=["y"])\n';
    const dir = tmpProject({ 'wf.py': two, 'ok.py': CLEAN });
    const r = runCli(['--select', 'IS501', '--statistics'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('2  IS501  [*] unknown-keyword\n[*] fixable with `--fix`\n');
    const j = runCli(['--select', 'IS501', '--statistics', '--output-format', 'json'], { cwd: dir });
    expect(JSON.parse(j.stdout)).toEqual([{ code: 'IS501', name: 'unknown-keyword', severity: 'error', count: 2, fixable: 2 }]);
    expect(runCli(['--select', 'IS501', '--statistics', 'ok.py'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
    expect(runCli(['--select', 'IS501', '--statistics', '--output-format', 'concise'], { cwd: dir }).stdout).toBe(r.stdout);
  });

  it('--statistics with a format that has no place for counts is a usage error, not a silent text table', () => {
    const dir = tmpProject({ 'wf.py': TYPO });
    for (const format of ['sarif', 'github', 'junit', 'gitlab', 'rdjson']) {
      expect(runCli(['--statistics', '--output-format', format, '-o', 'out.txt'], { cwd: dir })).toEqual({
        code: 2,
        stdout: '',
        stderr: `imagespec-lint: --statistics prints counts as a text table, or as JSON with --output-format json; it cannot be combined with --output-format ${format} (drop one of them)\n`,
      });
    }
    expect(fs.existsSync(path.join(dir, 'out.txt'))).toBe(false);
  });

  it('colours only on request when piped: NO_COLOR wins, FORCE_COLOR colours, never in --output-file', () => {
    const dir = tmpProject({ 'wf.py': TYPO });
    const esc = '\x1b[';
    expect(runCli(['--select', 'IS501'], { cwd: dir }).stdout).not.toContain(esc);
    expect(runCli(['--select', 'IS501'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).toContain(`${esc}31mIS501`);
    expect(runCli(['--select', 'IS501'], { cwd: dir, env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toContain(esc);
    expect(runCli(['--select', 'IS501'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '0' } }).stdout).not.toContain(esc);
    runCli(['--select', 'IS501', '-o', 'r.txt'], { cwd: dir, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(fs.readFileSync(path.join(dir, 'r.txt'), 'utf8')).not.toContain(esc);
  });

  it('--force-exclude: named files obey exclude, and YAML must be a configured spec', () => {
    const dir = tmpProject({
      'pyproject.toml': '[tool.imagespec-lint]\nexclude = ["legacy/"]\nspecs = ["images/*.yaml"]\n',
      'legacy/old.py': TYPO,
      'wf.py': TYPO,
      'images/etl.yaml': 'name: etl\npacakges: [pandas]\n',
      '.github/workflows/ci.yml': 'name: ci\non: push\njobs: {}\n',
    });
    const files = ['legacy/old.py', 'wf.py', 'images/etl.yaml', '.github/workflows/ci.yml'];
    const lint = (extra: string[]) => runCli(['--select', 'IS501', '--output-format', 'concise', '-q', ...extra, ...files], { cwd: dir }).stdout;
    // Without the flag every named file is linted, even a workflow file.
    expect(lint([])).toContain('legacy/old.py:3:');
    expect(lint([])).toContain('.github/workflows/ci.yml:');
    const forced = lint(['--force-exclude']);
    expect(forced.split('\n').filter(Boolean).map((l) => l.slice(0, l.indexOf(':')))).toEqual(['images/etl.yaml', 'wf.py']);
  });

  it('prints no progress line when stderr is not a terminal, even for many files', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < FILE_THRESHOLD + 50; i++) files[`pkg/m${i}.py`] = i % 50 ? 'x = 1\n' : CLEAN;
    const dir = tmpProject(files);
    const r = runCli(['--output-format', 'concise', '--no-deep'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('\r');
  });
});

describe('progress line', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const recorder = (enabled: boolean) => {
    const out: string[] = [];
    let t = 0;
    const p = new Progress({ enabled, write: (s) => out.push(s), now: () => (t += 40) });
    return { out, p };
  };

  it('counts files on a terminal once a run is large, redrawing in place and clearing at the end', () => {
    const { out, p } = recorder(true);
    p.startFiles(FILE_THRESHOLD + 1);
    for (let i = 0; i < FILE_THRESHOLD + 1; i++) p.tick();
    expect(out.length).toBeGreaterThan(10);
    expect(out.length).toBeLessThan(FILE_THRESHOLD / 2);
    expect(out.every((s) => s.startsWith('\r\x1b[K'))).toBe(true);
    expect(out[out.length - 1]).toBe(`\r\x1b[Kimagespec-lint: ${FILE_THRESHOLD + 1}/${FILE_THRESHOLD + 1} files`);
    p.clear();
    expect(out[out.length - 1]).toBe('\r\x1b[K');
  });

  it('stays silent for small runs and when disabled', () => {
    const small = recorder(true);
    small.p.startFiles(FILE_THRESHOLD);
    for (let i = 0; i < FILE_THRESHOLD; i++) small.p.tick();
    small.p.clear();
    expect(small.out).toEqual([]);
    const off = recorder(false);
    off.p.startFiles(5000);
    for (let i = 0; i < 5000; i++) off.p.tick();
    off.p.clear();
    expect(off.out).toEqual([]);
  });

  it('shows a noticeable wait for deep checks, and nothing for a quick one', async () => {
    vi.useFakeTimers();
    const { out, p } = recorder(true);
    let resolveA!: () => void;
    const a = new Promise<void>((r) => (resolveA = r));
    const quick = p.track([Promise.resolve(1)]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await quick).toEqual([1]);
    expect(out).toEqual([]);
    const slow = p.track([a, Promise.resolve()]);
    await vi.advanceTimersByTimeAsync(300);
    expect(out).toEqual(['\r\x1b[Kimagespec-lint: waiting on Artifact Registry (1/2 files)']);
    resolveA();
    await slow;
    expect(out[out.length - 1]).toBe('\r\x1b[Kimagespec-lint: waiting on Artifact Registry (2/2 files)');
    p.clear();
    expect(out[out.length - 1]).toBe('\r\x1b[K');
  });

  it('is wanted only on a terminal, outside CI, without --quiet', () => {
    expect(Progress.wanted(true, {}, false)).toBe(true);
    expect(Progress.wanted(false, {}, false)).toBe(false);
    expect(Progress.wanted(true, { CI: 'true' }, false)).toBe(false);
    expect(Progress.wanted(true, {}, true)).toBe(false);
  });
});
