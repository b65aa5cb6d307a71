// The end of a CLI run: the report every format renders, the text printed
// (or written to --output-file) and the exit code.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Config } from '../engine/config';
import { isEnabled, sortFindings } from '../engine/run';
import type { Finding, RuleMeta, Severity } from '../engine/types';
import { VERSION, type CliFlags } from './args';
import type { Formatter, Report } from './formats';
import { renderStatistics } from './formats/statistics';
import { rules } from './lazy';

export function buildReport(
  o: { findings: Finding[]; sources: Map<string, string>; fileCount: number; fixedCount: number; config: Config },
  v: CliFlags,
  io: { cwd: string; env: NodeJS.ProcessEnv; isTTY: boolean },
): Report {
  const findings = sortFindings(o.findings);
  let ranRules: RuleMeta[] | undefined;
  return {
    findings,
    sources: o.sources,
    cwd: io.cwd,
    // NO_COLOR (any non-empty value) wins; FORCE_COLOR (not "0") colours a pipe.
    color: !v['output-file'] && !io.env.NO_COLOR && (io.isTTY || (!!io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0')),
    verbose: !!v.verbose,
    fileCount: o.fileCount,
    fixedCount: o.fixedCount,
    // Only json, sarif, gitlab and --statistics read it: the text formats never load the catalog.
    get rules(): RuleMeta[] {
      if (!ranRules) {
        const codes = new Set(findings.map((f) => f.code));
        ranRules = rules().catalog.filter((r) => isEnabled(r, o.config) || codes.has(r.code));
      }
      return ranRules;
    },
    toolVersion: VERSION,
  };
}

/** The report as the chosen format (or --statistics) prints it; --quiet drops the text formats' summary. */
export function renderReport(report: Report, format: Formatter, v: CliFlags): string {
  const output = v.statistics ? renderStatistics(report, format.name === 'json') : format.render(report);
  return v.quiet && (format.name === 'full' || format.name === 'concise') ? stripSummary(output) : output;
}

/** Prints the text, or writes it to --output-file; false (after a message) when the file cannot be written. */
export function writeReport(text: string, v: CliFlags, io: { cwd: string; stdout: (s: string) => void; stderr: (s: string) => void }): boolean {
  if (!v['output-file']) {
    io.stdout(text);
    return true;
  }
  try {
    const file = path.resolve(io.cwd, v['output-file']);
    // A report folder that does not exist yet (reports/lint.sarif in a fresh CI checkout) is created.
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return true;
  } catch (e) {
    io.stderr(`imagespec-lint: cannot write ${v['output-file']}: ${(e as Error).message}\n`);
    return false;
  }
}

/** 0 clean, 1 findings at error level (any finding with --strict); always 0 with --exit-zero. */
export function exitCode(findings: Finding[], v: CliFlags): number {
  if (v['exit-zero']) return 0;
  const failing: Severity[] = v.strict ? ['error', 'warning', 'info'] : ['error'];
  return findings.some((f) => failing.includes(f.severity)) ? 1 : 0;
}

/** Drops the summary lines at the end of a report, looking only at its last lines. */
function stripSummary(out: string): string {
  let end = out.endsWith('\n') ? out.length - 1 : out.length;
  while (end > 0) {
    const start = out.lastIndexOf('\n', end - 1) + 1;
    if (!/^(Found |All checks passed|Fixed |\d+ fixable)/.test(out.slice(start, end))) break;
    end = start > 0 ? start - 1 : 0;
  }
  return end > 0 ? out.slice(0, end) + '\n' : '';
}
