// The command line's flags: the help text, the parser and the checks on
// rule codes. Nothing here reads a file or loads a rule.

import { parseArgs } from 'node:util';
import { formatters } from './formats';
import { toolVersion } from '../engine/toolVersion';
import { unknownCode, type KnownCodes } from '../engine/codes';

export const VERSION: string = toolVersion();

export const HELP = `imagespec-lint ${VERSION}: lint flytekit ImageSpec declarations

Usage: imagespec-lint [options] [PATH...]     (default PATH: .)

Options:
  --fix                      apply safe fixes in place
  --unsafe-fixes             with --fix, also apply unsafe fixes (create files, guessed names)
  --select CODES             only these rules (comma separated codes or prefixes: IS1,IS301)
  --extend-select CODES      add rules to the selection (IS000 reports unused suppressions)
  --ignore CODES             skip these rules
  --strict                   exit 1 on any finding, not only errors
  --exit-zero                exit 0 even with findings
  -q, --quiet                print findings only, no summary
  -v, --verbose              print what lies behind a message under it (IS205: the gRPC client's own error text)
  --output-format FORMAT     ${formatters.map((f) => f.name).join(', ')} (default: full)
  --output-file FILE         write the report to FILE
  --statistics               counts per rule instead of the findings (text; JSON with --output-format json)
  --force-exclude            apply exclude and specs to files named explicitly (pre-commit)
  --init                     add a starter [tool.imagespec-lint] section to ./pyproject.toml
  --config FILE              use this imagespec-lint.toml / pyproject.toml
  --dataplane-region REGION  data plane region (also $IMAGESPEC_DATAPLANE_REGION)
  --dataplane-project ID     data plane project (also $IMAGESPEC_DATAPLANE_PROJECT)
  --deep / --no-deep         ask Artifact Registry whether repositories exist
  --no-cache                 neither read nor write the on-disk caches (lint results; Artifact Registry answers)
  --create-missing-repositories
                             with --deep, create missing repositories (DOCKER, in the URI's location)
  --stdin-filename NAME      lint standard input (PATH "-") as if it were NAME; with --fix,
                             print the fixed source (the report goes to stderr)
  --list-rules               print the rule catalog
  --explain CODE             print a rule's documentation
  --version, -h/--help
`;

export function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      fix: { type: 'boolean' },
      'unsafe-fixes': { type: 'boolean' },
      select: { type: 'string', multiple: true },
      'extend-select': { type: 'string', multiple: true },
      ignore: { type: 'string', multiple: true },
      strict: { type: 'boolean' },
      'exit-zero': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      verbose: { type: 'boolean', short: 'v' },
      'output-format': { type: 'string' },
      'output-file': { type: 'string', short: 'o' },
      statistics: { type: 'boolean' },
      'force-exclude': { type: 'boolean' },
      init: { type: 'boolean' },
      config: { type: 'string' },
      'dataplane-region': { type: 'string' },
      'dataplane-project': { type: 'string' },
      deep: { type: 'boolean' },
      'no-deep': { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      'create-missing-repositories': { type: 'boolean' },
      'stdin-filename': { type: 'string' },
      'list-rules': { type: 'boolean' },
      explain: { type: 'string' },
      version: { type: 'boolean', short: 'V' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** The parsed flags. */
export type CliFlags = ReturnType<typeof parseCli>['values'];

/**
 * Rule codes given to --select, --extend-select or --ignore, upper-cased;
 * throws on a name that is no rule's code or prefix (engine/codes.ts), with
 * the closest code. `codes` loads the rule set's codes, asked only for a
 * name the published list does not know.
 */
export function splitCodes(v: string[] | undefined, flag: '--select' | '--extend-select' | '--ignore', codes?: KnownCodes): string[] | undefined {
  if (!v) return undefined;
  const out = v.flatMap((s) => s.split(',')).map((s) => s.trim().toUpperCase()).filter(Boolean);
  for (const c of out) {
    const problem = unknownCode(c, flag === '--ignore' ? 'ignore' : 'select', codes);
    if (problem) throw new Error(`${flag}: ${problem}`);
  }
  return out;
}

/**
 * Flags that cannot work together: a usage error (exit 2), never one of them
 * silently ignored. `--statistics` prints a text table or, with
 * `--output-format json`, JSON counts; no other format has a place for them.
 */
export function conflictingFlags(v: CliFlags): string | undefined {
  const format = v['output-format'] ?? 'full';
  if (v.statistics && !['full', 'concise', 'json'].includes(format)) {
    return `--statistics prints counts as a text table, or as JSON with --output-format json; it cannot be combined with --output-format ${format} (drop one of them)`;
  }
  return undefined;
}
