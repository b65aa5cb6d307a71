// What every output format receives. A format is one file in this folder
// exporting a Formatter; formats/index.ts lists them.

import type { Finding, RuleMeta } from '../../engine/types';

export interface Report {
  /** Findings left after fixing, sorted by file and position. */
  findings: Finding[];
  /** Source text of each linted file with findings, for snippets. */
  sources: Map<string, string>;
  /** Paths print relative to this folder. */
  cwd: string;
  color: boolean;
  /** --verbose: the text formats print each finding's detail under it. */
  verbose?: boolean;
  /** Number of files linted. */
  fileCount: number;
  /** Number of findings fixed by --fix. */
  fixedCount: number;
  /** Rules that ran, including the rule of every finding (SARIF's driver.rules). */
  rules: RuleMeta[];
  toolVersion: string;
}

export interface Formatter {
  name: string;
  /** One line for --help. */
  description: string;
  render(report: Report): string;
}
