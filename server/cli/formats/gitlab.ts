// `--output-format gitlab`: a GitLab Code Quality report
// (`artifacts: reports: codequality:`), the subset of the Code Climate
// issue format GitLab reads: a JSON array with one object per finding.
//
// What GitLab does with it decides the details:
// - It validates every entry (app/validators/json_schemas/codeclimate.json:
//   description, fingerprint, severity and location required) and stops
//   reading the report at the first entry that fails.
// - Entries are keyed by `fingerprint`: a repeated fingerprint replaces the
//   earlier entry, and the merge request widget compares the fingerprints
//   of the base and head pipelines to show what a change introduced or
//   fixed. So a fingerprint is unique within a report and stays the same
//   when unrelated lines move: it hashes the code, the path, the message
//   and the flagged text, plus the occurrence number among findings that
//   share all four. Line numbers are left out on purpose.
// - Severity is one of info, minor, major, critical, blocker: our errors
//   (a build, push or import that will fail) are `critical`, warnings
//   `major`, information `info`.
// - The location is `path` (relative to the folder the CLI ran in, `/`
//   separated) with `lines.begin`/`lines.end`, which every GitLab version
//   reads, and `positions` with 1-based columns (code points, as the other
//   formats count) for Code Climate readers that take columns.
// The rule's documentation URL goes in `content.body`, the Code Climate
// field for a Markdown explanation with links.

import type { Severity } from '../../engine/types';
import { LineIndex, type Range } from '../../model/position';
import { quickHash } from '../../util/quickHash';
import type { Formatter, Report } from './types';
import { Locator, portablePath, ruleDocsUrl } from './shared';

export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

const SEVERITY: Record<Severity, GitlabSeverity> = { error: 'critical', warning: 'major', info: 'info' };

export interface GitlabIssue {
  type: 'issue';
  check_name: string;
  description: string;
  content: { body: string };
  fingerprint: string;
  severity: GitlabSeverity;
  location: {
    path: string;
    lines: { begin: number; end: number };
    positions: { begin: { line: number; column: number }; end: { line: number; column: number } };
  };
}

export function toGitlab(r: Report): GitlabIssue[] {
  const loc = new Locator(r.sources);
  const names = new Map(r.rules.map((x) => [x.code, x.name]));
  const indexes = new Map<string, LineIndex | null>();
  const flagged = (file: string, range: Range): string => {
    let idx = indexes.get(file);
    if (idx === undefined) {
      const text = r.sources.get(file);
      indexes.set(file, (idx = text === undefined ? null : new LineIndex(text)));
    }
    return idx ? idx.slice(range) : '';
  };
  const seen = new Map<string, number>();
  return r.findings.map((f) => {
    const path = portablePath(f.file, r.cwd);
    const key = `${f.code}\0${path}\0${f.message}\0${flagged(f.file, f.range)}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const l = loc.locate(f.file, f.range);
    const name = names.get(f.code);
    return {
      type: 'issue',
      check_name: f.code,
      description: `${f.code} ${f.message}`,
      content: { body: `[${f.code}${name ? ` ${name}` : ''}](${ruleDocsUrl(f.code)})` },
      fingerprint: quickHash(`${key}\0${n}`),
      severity: SEVERITY[f.severity],
      location: {
        path,
        lines: { begin: l.line, end: l.endLine },
        positions: { begin: { line: l.line, column: l.column }, end: { line: l.endLine, column: l.endColumn } },
      },
    };
  });
}

export const gitlab: Formatter = {
  name: 'gitlab',
  description: 'GitLab Code Quality report (artifacts: reports: codequality)',
  render(r: Report): string {
    return JSON.stringify(toGitlab(r), null, 2) + '\n';
  },
};
