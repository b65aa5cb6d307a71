// Every --output-format against a golden file, plus what a golden cannot
// show: SARIF against the official schema, the JSON columns, GitHub's
// escaping rules and JUnit as parsed by a real XML parser.
//
// Regenerate the golden files after an intended change with
//   UPDATE_GOLDEN=1 npx vitest run test/formats.test.ts
// and read the diff before committing it.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatters, formatterByName } from '../server/cli/formats';
import { escapeData, escapeProperty } from '../server/cli/formats/github';
import { toJsonReport, JSON_FORMAT_VERSION } from '../server/cli/formats/json';
import { toSarif } from '../server/cli/formats/sarif';
import { toGitlab } from '../server/cli/formats/gitlab';
import { toRdjson } from '../server/cli/formats/rdjson';
import { renderStatistics } from '../server/cli/formats/statistics';
import { toDiagnostic } from '../server/lsp/toDiagnostic';
import { ruleDocsUrl } from '../server/cli/formats/shared';
import { CWD, FINDINGS, fixtureReport, gitlabProblems, golden, rdjsonValidator, sarifValidator } from './formats-fixture';

const EXT: Record<string, string> = { full: 'txt', concise: 'txt', json: 'json', sarif: 'sarif.json', github: 'txt', junit: 'xml', gitlab: 'json', rdjson: 'json' };

describe('output formats: golden files', () => {
  for (const f of formatters) {
    it(`${f.name} matches test/golden/${f.name}.${EXT[f.name]}`, () => {
      let out = f.render(fixtureReport());
      // The SARIF base id is the absolute working folder; the fixture's is fixed.
      if (f.name === 'sarif') expect(out).toContain(`"uri": "file://${CWD}/"`);
      golden(`${f.name}.${EXT[f.name]}`, out);
      out = f.render(fixtureReport({ findings: [] }));
      golden(`${f.name}-clean.${EXT[f.name]}`, out);
    });
  }

  it('--statistics, text and JSON', () => {
    golden('statistics.txt', renderStatistics(fixtureReport(), false));
    golden('statistics.json', renderStatistics(fixtureReport(), true));
    expect(renderStatistics(fixtureReport({ findings: [] }), false)).toBe('');
  });

  it('every format in the list has a golden extension', () => {
    expect(formatters.map((f) => f.name).sort()).toEqual(Object.keys(EXT).sort());
    expect(formatterByName('sarif')?.name).toBe('sarif');
  });
});

describe('json format', () => {
  const report = toJsonReport(fixtureReport());

  it('has a version and the documented top-level keys', () => {
    expect(report.version).toBe(JSON_FORMAT_VERSION);
    expect(Object.keys(report)).toEqual(['version', 'tool', 'summary', 'findings']);
    expect(report.summary).toEqual({ files: 4, findings: 5, errors: 3, warnings: 1, infos: 1, fixed: 1 });
  });

  it('gives 0-based UTF-16 ranges and 1-based code-point locations', () => {
    const is103 = report.findings.find((f) => f.code === 'IS103')!;
    // The 🐍 before the range is 2 UTF-16 units but one column.
    expect(is103.range).toEqual({ start: { line: 2, character: 54 }, end: { line: 2, character: 88 } });
    expect(is103.location).toEqual({ line: 3, column: 54, endLine: 3, endColumn: 88 });
    const multi = report.findings.find((f) => f.code === 'IS510')!;
    expect(multi.location).toEqual({ line: 4, column: 9, endLine: 6, endColumn: 2 });
  });

  it('prints paths relative to the working folder with `/`, absolute outside it', () => {
    expect(report.findings.map((f) => f.file)).toEqual(['app/images.py', 'app/images.py', 'app/images.py', 'dir with space/wf.py', '/elsewhere/shared.py']);
    expect(report.findings[3].fixes[0].createFile).toEqual({ path: 'dir with space/requirements.txt', content: '' });
  });
});

describe('sarif format', () => {
  const validate = sarifValidator();

  it('validates against the SARIF 2.1.0 schema', () => {
    const log = toSarif(fixtureReport());
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(validate(toSarif(fixtureReport({ findings: [] })))).toBe(true);
  });

  it('the validator rejects what the schema forbids (it is not a no-op)', () => {
    const log = toSarif(fixtureReport()) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
    const noVersion = { runs: [] };
    expect(validate(noVersion)).toBe(false);
    const badRegion = toSarif(fixtureReport()) as unknown as { runs: { results: { locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    badRegion.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    expect(validate(badRegion)).toBe(false);
  });

  it('describes rules, levels, locations and fixes', () => {
    const run = toSarif(fixtureReport()).runs[0];
    expect(run.columnKind).toBe('unicodeCodePoints');
    const driver = run.tool.driver;
    expect(driver).toMatchObject({ name: 'imagespec-lint', version: '0.1.0', informationUri: expect.stringMatching(/^https:\/\//) });
    const is103 = driver.rules!.find((r) => r.id === 'IS103')!;
    expect(is103).toMatchObject({
      name: 'gar-repository-missing',
      shortDescription: { text: 'Artifact Registry URI has no repository' },
      helpUri: ruleDocsUrl('IS103'),
      defaultConfiguration: { level: 'error' },
    });
    expect(is103.help!.markdown).toContain('## Why');
    const results = run.results!;
    expect(results.map((r) => [r.ruleId, r.level, driver.rules![r.ruleIndex!].id])).toEqual([
      ['IS103', 'error', 'IS103'],
      ['IS501', 'error', 'IS501'],
      ['IS510', 'note', 'IS510'],
      ['IS401', 'error', 'IS401'],
      ['IS102', 'warning', 'IS102'],
    ]);
    expect(results[0].locations![0].physicalLocation).toEqual({
      artifactLocation: { uri: 'app/images.py', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 54, endLine: 3, endColumn: 88 },
    });
    // The command fix has no SARIF form; the text edit does.
    expect(results[0].fixes).toEqual([
      {
        description: { text: 'Use repository `images`' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'app/images.py', uriBaseId: '%SRCROOT%' },
            replacements: [{ deletedRegion: { startLine: 3, startColumn: 88, endLine: 3, endColumn: 88 }, insertedContent: { text: '/images' } }],
          },
        ],
        properties: { safe: false, preferred: true },
      },
    ]);
    expect(results[3].locations![0].physicalLocation!.artifactLocation).toEqual({ uri: 'dir%20with%20space/wf.py', uriBaseId: '%SRCROOT%' });
    expect(results[3].fixes).toBeUndefined();
    expect(results[4].locations![0].physicalLocation!.artifactLocation).toEqual({ uri: 'file:///elsewhere/shared.py' });
    expect(results[4].fixes![0].artifactChanges[0].replacements).toHaveLength(2);
  });

  it('uses the same documentation URLs as the language server: the rule pages', () => {
    expect(ruleDocsUrl('IS103')).toBe('https://github.com/imagespec-lint/imagespec-lint/blob/main/docs/rules/IS103.md');
    const finding = { code: 'IS103', severity: 'error' as const, file: '/p/wf.py', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'm', fixes: [] };
    expect(toDiagnostic(finding).codeDescription?.href).toBe(ruleDocsUrl('IS103'));
  });
});

describe('github format', () => {
  it('escapes data and properties as the Actions runner expects', () => {
    expect(escapeData('100% a\r\nb, c: d')).toBe('100%25 a%0D%0Ab, c: d');
    expect(escapeProperty('a,b:c%\n')).toBe('a%2Cb%3Ac%25%0A');
  });

  it('maps severities to error, warning and notice, one line each', () => {
    const out = formatterByName('github')!.render(fixtureReport());
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => l.slice(0, l.indexOf(' ')))).toEqual(['::error', '::error', '::notice', '::error', '::warning']);
    expect(lines[2]).toBe(
      '::notice file=app/images.py,line=4,col=9,endLine=6,endColumn=2,title=IS510::Escapes: 100%25 sure, a,b: c%0Asecond line <tag attr="v"> & \'q\'%0D%0Athird',
    );
    expect(lines[3]).toContain('file=dir with space/wf.py,');
  });
});

describe('junit format', () => {
  it('is well-formed XML that round-trips every message (parsed by Python)', () => {
    const xml = formatterByName('junit')!.render(fixtureReport());
    const py = [
      'import sys, json, xml.etree.ElementTree as ET',
      'root = ET.fromstring(sys.stdin.buffer.read())',
      'suite = root.find("testsuite")',
      'cases = [{"name": c.get("name"), "failures": [{"message": f.get("message"), "type": f.get("type"), "text": f.text} for f in c.findall("failure")]} for c in suite.findall("testcase")]',
      'print(json.dumps({"tests": suite.get("tests"), "failures": suite.get("failures"), "cases": cases}))',
    ].join('\n');
    const r = spawnSync('python3', ['-c', py], { input: xml, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const parsed = JSON.parse(r.stdout);
    expect(parsed.tests).toBe('4');
    expect(parsed.failures).toBe('3');
    expect(parsed.cases.map((c: { name: string; failures: unknown[] }) => [c.name, c.failures.length])).toEqual([
      ['/elsewhere/shared.py', 1],
      ['app/clean.py', 0],
      ['app/images.py', 3],
      ['dir with space/wf.py', 1],
    ]);
    const is510 = parsed.cases[2].failures[2];
    expect(is510.message).toBe('IS510 Escapes: 100% sure, a,b: c\nsecond line <tag attr="v"> & \'q\'\r\nthird');
    expect(is510.type).toBe('info');
    expect(is510.text).toBe('app/images.py:4:9: IS510 [info] Escapes: 100% sure, a,b: c\nsecond line <tag attr="v"> & \'q\'\r\nthird');
  });

  it('replaces characters XML 1.0 cannot carry', () => {
    const report = fixtureReport();
    const findings = [{ ...report.findings[0], message: 'bell \u0007 and lone \uD800 surrogate' }];
    const xml = formatterByName('junit')!.render({ ...report, findings });
    expect(xml).toContain('bell \uFFFD and lone \uFFFD surrogate');
    const r = spawnSync('python3', ['-c', 'import sys, xml.etree.ElementTree as ET; ET.fromstring(sys.stdin.buffer.read())'], { input: xml, encoding: 'utf8' });
    expect(r.status).toBe(0);
  });
});

describe('gitlab format', () => {
  const issues = toGitlab(fixtureReport());

  it("every entry passes GitLab's schema and what its documentation asks for", () => {
    expect(gitlabProblems(issues)).toEqual([]);
    expect(gitlabProblems(toGitlab(fixtureReport({ findings: [] })))).toEqual([]);
    expect(formatterByName('gitlab')!.render(fixtureReport({ findings: [] }))).toBe('[]\n');
  });

  it('the checks reject what GitLab rejects (they are not a no-op)', () => {
    const broken = structuredClone(issues) as unknown as Record<string, unknown>[];
    delete broken[0].fingerprint;
    broken[1].severity = 'error';
    (broken[2].location as { lines: { begin: unknown } }).lines.begin = '4';
    broken[3].fingerprint = broken[4].fingerprint;
    const problems = gitlabProblems(broken);
    expect(problems.some((p) => p.startsWith('[0] schema:') && p.includes('fingerprint'))).toBe(true);
    expect(problems).toContain('[1] severity "error"');
    expect(problems.some((p) => p.startsWith('[2] schema:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('[4] fingerprint'))).toBe(true);
    expect(gitlabProblems({ issues })).toEqual(['the report is not a JSON array']);
  });

  it('maps code, severity, path, lines and columns, and links the rule page', () => {
    expect(issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines])).toEqual([
      ['IS103', 'critical', 'app/images.py', { begin: 3, end: 3 }],
      ['IS501', 'critical', 'app/images.py', { begin: 3, end: 3 }],
      ['IS510', 'info', 'app/images.py', { begin: 4, end: 6 }],
      ['IS401', 'critical', 'dir with space/wf.py', { begin: 2, end: 2 }],
      ['IS102', 'major', '/elsewhere/shared.py', { begin: 2, end: 2 }],
    ]);
    // Columns in code points: the 🐍 before IS103's range counts once.
    expect(issues[0].location.positions).toEqual({ begin: { line: 3, column: 54 }, end: { line: 3, column: 88 } });
    expect(issues[0].description).toBe(`IS103 ${FINDINGS[0].message}`);
    expect(issues[0].content.body).toBe('[IS103 gar-repository-missing](https://github.com/imagespec-lint/imagespec-lint/blob/main/docs/rules/IS103.md)');
  });

  it('fingerprints: 32 hex characters, unique, stable when lines move, distinct for repeated findings', () => {
    for (const i of issues) expect(i.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    expect(toGitlab(fixtureReport()).map((i) => i.fingerprint)).toEqual(issues.map((i) => i.fingerprint));
    // Two blank lines inserted above: every finding moves down, fingerprints stay.
    const file = '/work/project/app/images.py';
    const sources = new Map(fixtureReport().sources);
    sources.set(file, '\n\n' + sources.get(file)!);
    const shift = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => ({
      start: { ...r.start, line: r.start.line + 2 },
      end: { ...r.end, line: r.end.line + 2 },
    });
    const moved = FINDINGS.map((f) => (f.file === file ? { ...f, range: shift(f.range) } : f));
    const after = toGitlab(fixtureReport({ sources, findings: moved }));
    expect(after.map((i) => i.fingerprint)).toEqual(issues.map((i) => i.fingerprint));
    expect(after[0].location.lines.begin).toBe(5);
    // The same finding twice (two identical lines): two fingerprints.
    const twice = toGitlab(fixtureReport({ findings: [FINDINGS[1], FINDINGS[1]] }));
    expect(twice[0].fingerprint).not.toBe(twice[1].fingerprint);
    expect(twice[0].fingerprint).toBe(issues[1].fingerprint);
  });
});

describe('rdjson format', () => {
  const validate = rdjsonValidator();
  const result = toRdjson(fixtureReport());

  it("validates against reviewdog's DiagnosticResult schema", () => {
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(toRdjson(fixtureReport({ findings: [] })))).toBe(true);
  });

  it('the validator rejects what the schema forbids (it is not a no-op)', () => {
    const bad = structuredClone(result) as unknown as { diagnostics: Record<string, unknown>[] };
    bad.diagnostics[0].severity = 'FATAL';
    expect(validate(bad)).toBe(false);
    const badLine = structuredClone(result) as unknown as { diagnostics: { location: { range: { start: { line: unknown } } } }[] };
    badLine.diagnostics[0].location.range.start.line = '3';
    expect(validate(badLine)).toBe(false);
    expect(validate({ diagnostics: {} })).toBe(false);
  });

  it('names the source and each rule with its page', () => {
    expect(result.source).toEqual({ name: 'imagespec-lint', url: 'https://github.com/imagespec-lint/imagespec-lint' });
    expect(result.diagnostics.map((d) => [d.code.value, d.severity, d.location.path])).toEqual([
      ['IS103', 'ERROR', 'app/images.py'],
      ['IS501', 'ERROR', 'app/images.py'],
      ['IS510', 'INFO', 'app/images.py'],
      ['IS401', 'ERROR', 'dir with space/wf.py'],
      ['IS102', 'WARNING', '/elsewhere/shared.py'],
    ]);
    for (const d of result.diagnostics) expect(d.code.url).toBe(ruleDocsUrl(d.code.value));
  });

  it('counts columns in UTF-8 bytes, 1-based, end exclusive', () => {
    // Line 3 starts `snake = "🐍"; ...`: the snake is 2 UTF-16 units and 4 UTF-8 bytes,
    // so the IS103 range (UTF-16 54..88) starts at byte column 54 - 2 + 4 + 1.
    expect(result.diagnostics[0].location.range).toEqual({ start: { line: 3, column: 57 }, end: { line: 3, column: 91 } });
    const line3 = fixtureReport().sources.get('/work/project/app/images.py')!.split('\n')[2];
    const bytes = Buffer.from(line3, 'utf8');
    expect(bytes.subarray(57 - 1, 91 - 1).toString('utf8')).toBe('us-east1-docker.pkg.dev/my-project');
    expect(result.diagnostics[2].location.range).toEqual({ start: { line: 4, column: 9 }, end: { line: 6, column: 2 } });
  });

  it('turns text-edit fixes into suggestions, one per fix; several edits become one replacement', () => {
    // IS103: the edit fix is a suggestion, the command fix is not.
    expect(result.diagnostics[0].suggestions).toEqual([{ range: { start: { line: 3, column: 91 }, end: { line: 3, column: 91 } }, text: '/images' }]);
    expect(result.diagnostics[1].suggestions).toEqual([{ range: { start: { line: 3, column: 94 }, end: { line: 3, column: 102 } }, text: 'packages' }]);
    expect(result.diagnostics[2].suggestions).toBeUndefined(); // no fixes
    expect(result.diagnostics[3].suggestions).toBeUndefined(); // creates a file
    // IS102's two edits (`GHCR` and `A`) as one replacement of `GHCR.io/A`.
    expect(result.diagnostics[4].suggestions).toEqual([{ range: { start: { line: 2, column: 40 }, end: { line: 2, column: 49 } }, text: 'ghcr.io/a' }]);
    const line = fixtureReport().sources.get('/elsewhere/shared.py')!.split('\n')[1];
    expect(line.slice(39, 48)).toBe('GHCR.io/A');
  });
});
