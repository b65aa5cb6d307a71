// A fixed report for the format golden files: hand-built findings (not the
// rules' live output, so a reworded rule message does not churn the
// goldens) that exercise what formats get wrong: a non-BMP character before
// a range (UTF-16 vs code point columns), a multi-line range, a path with a
// space, a file outside the working folder, characters every format must
// escape (`%`, `,`, `:`, newlines, `<&>"'`), and each kind of fix.

import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { expect } from 'vitest';
import type { Report } from '../server/cli/formats';
import type { Finding, RuleMeta } from '../server/engine/types';
import { range } from '../server/model/position';

export const CWD = '/work/project';

const IMAGES = `${CWD}/app/images.py`;
const SPACED = `${CWD}/dir with space/wf.py`;
const OUTSIDE = '/elsewhere/shared.py';
const CLEAN = `${CWD}/app/clean.py`;

export const SOURCES = new Map<string, string>([
  [
    IMAGES,
    [
      'from flytekit import ImageSpec',
      '',
      'snake = "🐍"; image = ImageSpec(name="etl", registry="us-east1-docker.pkg.dev/my-project", pacakges=["pandas"])',
      'multi = ImageSpec(',
      '    name="multi",',
      ')',
      '',
    ].join('\n'),
  ],
  [SPACED, 'from flytekit import ImageSpec\nspec = ImageSpec(name="x", requirements="requirements.txt")\n'],
  [OUTSIDE, 'from flytekit import ImageSpec\nshared = ImageSpec(name="s", registry="GHCR.io/Acme")\n'],
  [CLEAN, 'from flytekit import ImageSpec\nok = ImageSpec(name="ok", registry="ghcr.io/acme")\n'],
]);

function meta(code: string, name: string, severity: RuleMeta['severity'], summary: string): RuleMeta {
  return {
    code,
    name,
    severity,
    summary,
    docs: {
      whatItDoes: `Reports what ${code} is about.`,
      why: `Why ${code} matters, with \`code\` and a [link](https://example.com/${code}).`,
      example: `image = ImageSpec(name="${code.toLowerCase()}")\n`,
      fixed: `image = ImageSpec(name="${code.toLowerCase()}", fixed=True)\n`,
    },
    fixSafety: { kind: 'safe' },
    appliesTo: [{ sdk: 'flytekit' }],
  };
}

export const RULES: RuleMeta[] = [
  meta('IS102', 'uppercase', 'error', 'Registry has uppercase letters'),
  meta('IS103', 'gar-repository-missing', 'error', 'Artifact Registry URI has no repository'),
  meta('IS301', 'gar-region-mismatch', 'warning', 'Registry region differs from the data plane region'),
  meta('IS401', 'requirements-missing', 'error', 'Requirements file does not exist'),
  meta('IS501', 'unknown-keyword', 'error', 'Unknown ImageSpec keyword'),
  meta('IS510', 'force-push-not-last', 'info', 'force_push() is not last'),
];

export const FINDINGS: Finding[] = [
  {
    code: 'IS103',
    severity: 'error',
    file: IMAGES,
    // `us-east1-docker.pkg.dev/my-project` inside the literal: the 🐍 before it is 2 UTF-16 units, 1 code point.
    range: range(2, 54, 2, 88),
    message: 'Artifact Registry needs a repository: `us-east1-docker.pkg.dev/my-project` has no repository segment; create one and use `us-east1-docker.pkg.dev/my-project/REPOSITORY`',
    fixes: [
      { title: 'Use repository `images`', edits: [{ range: range(2, 88, 2, 88), newText: '/images' }], safe: false, preferred: true },
      {
        title: 'Create repository `images`',
        edits: [],
        command: { id: 'imagespec.createRepository', title: 'Create repository', args: { project: 'my-project', location: 'us-east1', repository: 'images' } },
        safe: false,
      },
    ],
  },
  {
    code: 'IS501',
    severity: 'error',
    file: IMAGES,
    range: range(2, 91, 2, 99),
    message: 'ImageSpec has no field `pacakges`: importing this module raises TypeError; did you mean `packages`?',
    fixes: [{ title: 'Rename to `packages`', edits: [{ range: range(2, 91, 2, 99), newText: 'packages' }], safe: true, preferred: true }],
  },
  {
    code: 'IS510',
    severity: 'info',
    file: IMAGES,
    range: range(3, 8, 5, 1),
    message: 'Escapes: 100% sure, a,b: c\nsecond line <tag attr="v"> & \'q\'\r\nthird',
    fixes: [],
  },
  {
    code: 'IS401',
    severity: 'error',
    file: SPACED,
    range: range(1, 41, 1, 57),
    message: '`requirements.txt` does not exist (relative to the project root)',
    fixes: [
      {
        title: 'Create `requirements.txt`',
        edits: [],
        createFile: { path: `${CWD}/dir with space/requirements.txt`, content: '' },
        safe: false,
        preferred: true,
      },
    ],
  },
  {
    code: 'IS102',
    severity: 'warning',
    file: OUTSIDE,
    range: range(1, 39, 1, 51),
    message: 'Registry `GHCR.io/Acme` has uppercase letters',
    fixes: [
      {
        title: 'Lowercase to `ghcr.io/acme`',
        edits: [
          { range: range(1, 39, 1, 43), newText: 'ghcr' },
          { range: range(1, 47, 1, 48), newText: 'a' },
        ],
        safe: true,
        preferred: true,
      },
    ],
  },
];

export function fixtureReport(over: Partial<Report> = {}): Report {
  return {
    findings: FINDINGS,
    sources: SOURCES,
    cwd: CWD,
    color: false,
    fileCount: 4,
    fixedCount: 1,
    rules: RULES,
    toolVersion: '0.1.0',
    ...over,
  };
}

// ---- golden files and the SARIF schema ----

const GOLDEN = path.join(__dirname, 'golden');

/** Compares with test/golden/NAME, or rewrites it when UPDATE_GOLDEN=1. */
export function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  if (!fs.existsSync(file)) throw new Error(`missing golden file ${name}; run with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}

/**
 * The SARIF 2.1.0 schema (test/schemas/README.md says where it comes from).
 * The vendored copy declares draft-04 in its header; its definitions mean the
 * same under draft-07, which Ajv's default class implements.
 */
export function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
  delete schema.$schema;
  delete schema.id;
  // unicodeRegExp: false: the schema's `language` pattern
  // (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`) has a stray `]` that is an
  // error under the `u` flag Ajv uses by default; JSON Schema patterns are
  // ECMA-262 regexes without it.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  // The schema's formats, checked for real (Ajv 8 has no built-in formats).
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => !/[\s<>"{}|\\^`]/.test(s) && URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s));
  return ajv.compile(schema);
}


function schemaFile(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'schemas', name), 'utf8')) as Record<string, unknown>;
}

/**
 * A GitLab Code Quality report: an array whose every entry passes GitLab's
 * own entry schema (test/schemas/README.md), plus what GitLab's
 * documentation asks for and the schema does not check. Returns the
 * problems found, [] when the report is valid.
 */
export function gitlabProblems(report: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const entry = ajv.compile(schemaFile('gitlab-codeclimate.json'));
  if (!Array.isArray(report)) return ['the report is not a JSON array'];
  const problems: string[] = [];
  const fingerprints = new Set<string>();
  report.forEach((e, i) => {
    if (!entry(e)) problems.push(`[${i}] schema: ${ajv.errorsText(entry.errors)}`);
    const x = e as { check_name?: unknown; severity?: unknown; fingerprint?: unknown; location?: { path?: unknown; lines?: { begin?: unknown } } };
    if (typeof x.check_name !== 'string' || !x.check_name) problems.push(`[${i}] check_name missing`);
    if (!['info', 'minor', 'major', 'critical', 'blocker'].includes(x.severity as string)) problems.push(`[${i}] severity ${JSON.stringify(x.severity)}`);
    const p = x.location?.path;
    if (typeof p !== 'string' || !p || p.startsWith('./')) problems.push(`[${i}] location.path ${JSON.stringify(p)}`);
    const begin = x.location?.lines?.begin;
    if (!Number.isInteger(begin) || (begin as number) < 1) problems.push(`[${i}] location.lines.begin ${JSON.stringify(begin)}`);
    if (fingerprints.has(x.fingerprint as string)) problems.push(`[${i}] fingerprint ${JSON.stringify(x.fingerprint)} repeated`);
    fingerprints.add(x.fingerprint as string);
  });
  return problems;
}

/** reviewdog's DiagnosticResult schema (test/schemas/README.md), draft-04 header dropped as for SARIF. */
export function rdjsonValidator() {
  const schema = schemaFile('reviewdog-rdf-DiagnosticResult.json');
  delete schema.$schema;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}
