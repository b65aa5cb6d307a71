// `--output-format json`: the stable, documented machine format
// (docs/json-format.md). Bump JSON_FORMAT_VERSION on any change that is not
// purely additive; adding a field is not a breaking change.

import type { Finding, Fix, TextEdit } from '../../engine/types';
import type { Range } from '../../model/position';
import type { Formatter, Report } from './types';
import { countBySeverity, Locator, portablePath, ruleDocsUrl, type DisplayLocation } from './shared';

export const JSON_FORMAT_VERSION = 1;

export interface JsonEdit {
  file: string;
  range: Range;
  location: DisplayLocation;
  newText: string;
}

export interface JsonFix {
  title: string;
  safe: boolean;
  preferred: boolean;
  edits: JsonEdit[];
  createFile?: { path: string; content: string };
  command?: { id: string; title: string; args: Record<string, unknown> };
}

export interface JsonFinding {
  file: string;
  code: string;
  name: string | null;
  severity: Finding['severity'];
  message: string;
  url: string;
  range: Range;
  location: DisplayLocation;
  fixes: JsonFix[];
  /** Raw text behind the message (IS205: the gRPC client's own words), when there is some. */
  detail?: string;
}

export interface JsonReport {
  version: number;
  tool: { name: string; version: string };
  summary: { files: number; findings: number; errors: number; warnings: number; infos: number; fixed: number };
  findings: JsonFinding[];
}

/** A copy with exactly the documented keys, in a fixed order. */
function plainRange(r: Range): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

export function toJsonReport(r: Report): JsonReport {
  const loc = new Locator(r.sources);
  const names = new Map(r.rules.map((x) => [x.code, x.name]));
  const edit = (finding: Finding, e: TextEdit): JsonEdit => {
    const file = e.file ?? finding.file;
    return { file: portablePath(file, r.cwd), range: plainRange(e.range), location: loc.locate(file, e.range), newText: e.newText };
  };
  const fix = (finding: Finding, x: Fix): JsonFix => {
    const out: JsonFix = { title: x.title, safe: x.safe, preferred: !!x.preferred, edits: x.edits.map((e) => edit(finding, e)) };
    if (x.createFile) out.createFile = { path: portablePath(x.createFile.path, r.cwd), content: x.createFile.content };
    if (x.command) out.command = { id: x.command.id, title: x.command.title, args: x.command.args };
    return out;
  };
  const counts = countBySeverity(r.findings);
  return {
    version: JSON_FORMAT_VERSION,
    tool: { name: 'imagespec-lint', version: r.toolVersion },
    summary: {
      files: r.fileCount,
      findings: r.findings.length,
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      fixed: r.fixedCount,
    },
    findings: r.findings.map((f) => {
      const out: JsonFinding = {
        file: portablePath(f.file, r.cwd),
        code: f.code,
        name: names.get(f.code) ?? null,
        severity: f.severity,
        message: f.message,
        url: ruleDocsUrl(f.code),
        range: plainRange(f.range),
        location: loc.locate(f.file, f.range),
        fixes: f.fixes.map((x) => fix(f, x)),
      };
      if (f.detail) out.detail = f.detail;
      return out;
    }),
  };
}

export const json: Formatter = {
  name: 'json',
  description: 'one JSON document, schema in docs/json-format.md',
  render(r: Report): string {
    return JSON.stringify(toJsonReport(r), null, 2) + '\n';
  },
};
