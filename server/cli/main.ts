// `imagespec-lint [PATH...]`: the command line. It reads the flags
// (args.ts), finds the files and their projects (workspace/files.ts,
// projects.ts), lints them (lintFiles.ts, with fix.ts and deep.ts) and
// prints the report (report.ts, formats/). Exit codes: 0 clean, 1 findings
// at error level (any finding with --strict), 2 usage, config or
// environment error.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProjectInfo } from '../engine/project';
import { CachedFs } from '../engine/fs';
import { collectFiles } from '../workspace/files';
import { conflictingFlags, HELP, VERSION, parseCli, splitCodes, type CliFlags } from './args';
import { formatters, formatterByName } from './formats';
import { displayPath } from './formats/shared';
import { explainRule, listRules } from './explain';
import { runInit } from './init';
import { mark, printMarks } from './timing';
import { fdWriter, isTerminal } from './output';
import { LintCache } from './cache';
import { lintWorker, rules } from './lazy';
import { lintFiles } from './lintFiles';
import { configErrorExit, ProjectFinder, ruleCodes, type CodeFlags } from './projects';
import { buildReport, exitCode, renderReport, writeReport } from './report';

export { VERSION };

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** stderr is a terminal: progress lines go there. */
  stderrIsTTY?: boolean;
  readStdin?: () => string;
  /** The loader's code cache, told how many files the run linted for real (loadBundle.ts COLD_RUN_FILES). */
  codeCache?: { linted(count: number): void };
}

export async function main(argv: string[], io: Io): Promise<number> {
  mark('loaded');
  let args: ReturnType<typeof parseCli>;
  try {
    args = parseCli(argv);
  } catch (e) {
    io.stderr(`imagespec-lint: ${(e as Error).message}\nRun imagespec-lint --help for usage.\n`);
    return 2;
  }
  const v = args.values;
  const early = infoCommand(v, io);
  if (early !== undefined) return early;
  const format = formatterByName(v['output-format'] ?? 'full');
  if (!format) {
    io.stderr(`imagespec-lint: unknown output format "${v['output-format']}" (known: ${formatters.map((f) => f.name).join(', ')})\n`);
    return 2;
  }
  const conflict = conflictingFlags(v);
  if (conflict) {
    io.stderr(`imagespec-lint: ${conflict}\n`);
    return 2;
  }
  let codes: CodeFlags;
  try {
    codes = {
      select: splitCodes(v.select, '--select', ruleCodes),
      extendSelect: splitCodes(v['extend-select'], '--extend-select', ruleCodes),
      ignore: splitCodes(v.ignore, '--ignore', ruleCodes),
    };
  } catch (e) {
    io.stderr(`imagespec-lint: ${(e as Error).message}\n`);
    return 2;
  }

  const inputs = args.positionals.length ? args.positionals : ['.'];
  const useStdin = inputs.length === 1 && inputs[0] === '-';
  if ((v['stdin-filename'] !== undefined && !useStdin) || (!useStdin && inputs.includes('-'))) {
    io.stderr(`imagespec-lint: ${v['stdin-filename'] !== undefined && !inputs.includes('-') ? '--stdin-filename lints standard input: give "-" as the only PATH' : '"-" (standard input) must be the only PATH'}\nRun imagespec-lint --help for usage.\n`);
    return 2;
  }
  const firstInput = useStdin ? (v['stdin-filename'] ?? path.join(io.cwd, 'stdin.py')) : inputs[0];

  // Projects: each file is linted with the config nearest to it.
  const projects = new ProjectFinder(v, codes, io);
  let rootProject: ProjectInfo;
  try {
    rootProject = useStdin ? projects.forFile(firstInput) : projects.forInput(firstInput);
  } catch (e) {
    return configErrorExit(e, io);
  }

  const notes: string[] = [];
  // Per-file results of earlier runs (server/cli/cache.ts); never for stdin.
  const lintCache = useStdin || v['no-cache'] ? undefined : LintCache.open(io.env, VERSION);
  mark('config');
  // The rules' file system; the walk's listings answer its folder questions.
  const cfs = new CachedFs();
  let files: string[];
  if (useStdin) files = [path.resolve(io.cwd, firstInput)];
  else {
    const walked = inputs.map((i) => {
      const abs = path.resolve(io.cwd, i);
      let proj: ProjectInfo;
      try {
        proj = projects.forInput(abs);
      } catch {
        proj = rootProject;
      }
      return collectFiles([abs], {
        root: proj.root,
        exclude: proj.config.exclude,
        specs: proj.config.specs,
        forceExclude: !!v['force-exclude'],
        onNote: (n) => notes.push(n),
        show: (p) => displayPath(p, io.cwd),
        onFolder: (dir, entries) => {
          projects.noteFolder(dir, entries);
          cfs.noteListing(dir, entries);
        },
        projectOf: (dir) => projects.walkProject(dir),
      });
    });
    const missing = walked.flatMap((w) => w.missing);
    if (missing.length) {
      io.stderr(`imagespec-lint: no such file or folder: ${missing.map((m) => path.relative(io.cwd, path.resolve(io.cwd, m)) || m).join(', ')}\n`);
      return 2;
    }
    files = [...new Set(walked.flatMap((w) => w.files))].sort();
  }

  mark('walk');
  lintCache?.expectFiles(files.length);
  const result = await lintFiles({ files, flags: v, io, useStdin, projects, fs: cfs, lintCache, notes});
  if (typeof result === 'number') return result;
  mark('lint');
  if (lintCache) io.codeCache?.linted(lintCache.stats.misses);
  lintCache?.save();
  mark('cache-save');

  for (const run of result.runs) {
    for (const err of run.internalErrors) {
      notes.push(`internal error in rule ${err.code} (on ${path.relative(io.cwd, err.file) || err.file}), please report it: ${err.message.split('\n')[0]}`);
    }
  }

  const report = buildReport({ findings: result.findings, sources: result.sources, fileCount: result.linted, fixedCount: result.fixedCount, config: rootProject.config }, v, io);
  mark('sort');
  const text = renderReport(report, format, v);
  mark('render');
  // `--fix` on standard input prints the fixed source (as ruff does); the report goes to stderr.
  const fixingStdin = useStdin && !!v.fix;
  if (fixingStdin) io.stdout(result.sources.get(files[0]) ?? '');
  if (!writeReport(text, v, fixingStdin ? { ...io, stdout: io.stderr } : io)) return 2;
  mark('report');
  for (const n of notes) io.stderr(`imagespec-lint: ${n}\n`);
  printMarks(io.stderr);
  return exitCode(report.findings, v);
}

/** --help, --version, --init, --list-rules and --explain: the exit code when one of them was asked for. */
function infoCommand(v: CliFlags, io: Io): number | undefined {
  if (v.help) {
    io.stdout(HELP);
    return 0;
  }
  if (v.version) {
    io.stdout(`imagespec-lint ${VERSION}\n`);
    return 0;
  }
  if (v.init) {
    return runInit({ cwd: io.cwd, region: v['dataplane-region'], project: v['dataplane-project'], stdout: io.stdout, stderr: io.stderr });
  }
  if (v['list-rules']) {
    io.stdout(listRules(rules().catalog));
    return 0;
  }
  if (v.explain !== undefined) {
    const rule = rules().ruleByCode(v.explain);
    if (!rule) {
      io.stderr(`imagespec-lint: no rule ${v.explain}; see imagespec-lint --list-rules\n`);
      return 2;
    }
    io.stdout(explainRule(rule));
    return 0;
  }
  return undefined;
}

/** A worker thread of the lint pool (server/workspace/pool.ts starts it through the CLI's loader). */
export function lintWorkerMain(): void {
  lintWorker().workerMain();
}

if (require.main === module) {
  run(process.argv.slice(2));
}

export function run(argv: string[], codeCache?: Io['codeCache']): void {
  // Straight to the descriptors (output.ts); EPIPE ends the output quietly.
  // The streams only when a descriptor would block: then their queued output must drain before the process ends.
  let streamed = false;
  const stdout = fdWriter(1, () => ((streamed = true), process.stdout));
  const stderr = fdWriter(2, () => ((streamed = true), process.stderr));
  main(argv, {
    stdout,
    stderr,
    cwd: process.cwd(),
    env: process.env,
    isTTY: isTerminal(1),
    stderrIsTTY: isTerminal(2),
    readStdin: () => fs.readFileSync(0, 'utf8'),
    codeCache,
  }).then(
    (code) => {
      process.exitCode = code;
      // Everything is written and awaited (the pool closed, deep checks
      // answered): end now. Letting the event loop run dry first cost a
      // warm run ~20-30 ms more, in V8 finishing a garbage collection it had
      // started and tearing down a heap the process is about to drop anyway
      // (a one-file run ~6 ms: the parser's trees freed one by one).
      // The code cache is still written ('exit' listeners run).
      if (!streamed) process.exit(code);
    },
    (e) => {
      stderr(`imagespec-lint: internal error, please report it: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
