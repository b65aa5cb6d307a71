// `imagespec-lint [PATH...]`: the command line. Thin: it parses flags,
// finds files and projects, runs the engine, applies fixes and prints with
// the chosen format. Exit codes: 0 clean, 1 findings at error level (any
// finding with --strict), 2 usage, config or environment error.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, type Config } from '../engine/config';
import { loadProject, type ProjectInfo } from '../engine/project';
import { createRun, sortFindings, isEnabled, type RunState } from '../engine/run';
import type { FileResult } from '../engine/lint';
import { CachedFs } from '../engine/fs';
import { writeFileAtomic } from '../engine/atomicWrite';
import { toolVersion } from '../engine/toolVersion';
import type { Finding, RuleMeta, Severity } from '../engine/types';
import { collectFiles } from '../workspace/files';
import { readSource, encode } from '../workspace/read';
import { formatters, formatterByName, type Report } from './formats';
import { explainRule, listRules } from './explain';
import { renderStatistics } from './formats/statistics';
import { runInit } from './init';
import { Progress } from './progress';
import { mark, printMarks } from './timing';
import { fdWriter, isTerminal } from './output';
import { LintCache } from './cache';
import type { GarService } from '../gar/service';

export const VERSION: string = toolVersion();

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** stderr is a terminal: progress lines go there. */
  stderrIsTTY?: boolean;
  readStdin?: () => string;
}

const HELP = `imagespec-lint ${VERSION}: lint flytekit ImageSpec declarations

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
  --output-format FORMAT     ${formatters.map((f) => f.name).join(', ')} (default: full)
  --output-file FILE         write the report to FILE
  --statistics               counts per rule instead of the findings
  --force-exclude            apply exclude and specs to files named explicitly (pre-commit)
  --init                     add a starter [tool.imagespec-lint] section to ./pyproject.toml
  --config FILE              use this imagespec-lint.toml / pyproject.toml
  --dataplane-region REGION  data plane region (also $IMAGESPEC_DATAPLANE_REGION)
  --dataplane-project ID     data plane project (also $IMAGESPEC_DATAPLANE_PROJECT)
  --deep / --no-deep         ask Artifact Registry whether repositories exist
  --no-cache                 neither read nor write the on-disk caches (lint results; Artifact Registry answers)
  --create-missing-repositories
                             with --deep, create missing repositories (DOCKER, in the URI's location)
  --stdin-filename NAME      lint standard input (PATH "-") as if it were NAME
  --list-rules               print the rule catalog
  --explain CODE             print a rule's documentation
  --version, -h/--help
`;

// Loaded on first use: the parser, the rules and the fixer are not needed
// when every file comes from the result cache, and each module costs
// start-up time (server/cli/loadBundle.ts). The rule set reaches the engine
// as a loader (createRun calls it on the first file really linted).
const engine = (): typeof import('../engine/lint') => require('../engine/lint');
const rules = (): typeof import('../../rules') => require('../../rules');
const fixer = (): typeof import('../engine/fixes') => require('../engine/fixes');

class UsageError extends Error {}

function splitCodes(v: string[] | undefined): string[] | undefined {
  if (!v) return undefined;
  const out = v.flatMap((s) => s.split(',')).map((s) => s.trim().toUpperCase()).filter(Boolean);
  for (const c of out) if (!/^IS\d{0,3}$/.test(c) && c !== 'ALL') throw new UsageError(`"${c}" is not a rule code or prefix (e.g. IS301, IS3)`);
  return out;
}

export async function main(argv: string[], io: Io): Promise<number> {
  mark('loaded');
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    io.stderr(`imagespec-lint: ${(e as Error).message}\nRun imagespec-lint --help for usage.\n`);
    return 2;
  }
  const v = args.values;
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
  const format = formatterByName(v['output-format'] ?? 'full');
  if (!format) {
    io.stderr(`imagespec-lint: unknown output format "${v['output-format']}" (known: ${formatters.map((f) => f.name).join(', ')})\n`);
    return 2;
  }
  let select: string[] | undefined, extendSelect: string[] | undefined, ignore: string[] | undefined;
  try {
    select = splitCodes(v.select);
    extendSelect = splitCodes(v['extend-select']);
    ignore = splitCodes(v.ignore);
  } catch (e) {
    io.stderr(`imagespec-lint: ${(e as Error).message}\n`);
    return 2;
  }

  const inputs = args.positionals.length ? args.positionals : ['.'];
  const useStdin = inputs.length === 1 && inputs[0] === '-';
  const firstInput = useStdin ? (v['stdin-filename'] ?? path.join(io.cwd, 'stdin.py')) : inputs[0];

  // Projects: each file is linted with the config nearest to it.
  const projects = new Map<string, ProjectInfo>();
  const overrides = (cfg: Config): Config => {
    if (select) cfg.select = select;
    if (extendSelect) cfg.select = [...(cfg.select ?? ['ALL']), ...extendSelect];
    if (ignore) cfg.ignore = [...cfg.ignore, ...ignore];
    if (v['dataplane-region']) cfg.dataplane.region = v['dataplane-region'];
    if (v['dataplane-project']) cfg.dataplane.project = v['dataplane-project'];
    if (v.deep) cfg.deep = true;
    if (v['no-deep']) cfg.deep = false;
    return cfg;
  };
  // A folder without imagespec-lint.toml, pyproject.toml or .git has its
  // parent's project (loadProject would walk up to the same answer): three
  // names per folder instead of a walk to / per folder.
  const markers = ['imagespec-lint.toml', 'pyproject.toml', '.git'];
  // Folders the walk listed, and whether they hold a marker: no more
  // file-system calls for them (3 per folder of a big tree add up).
  const listed = new Map<string, boolean>();
  const hasMarker = (dir: string): boolean => listed.get(dir) ?? markers.some((m) => fs.existsSync(path.join(dir, m)));
  const projectForDir = (dir: string): ProjectInfo => {
    let p = projects.get(dir);
    if (!p) {
      const parent = path.dirname(dir);
      if (parent !== dir && !hasMarker(dir)) p = projectForDir(parent);
      else {
        p = loadProject(dir, { configFile: v.config, cwd: io.cwd, env: io.env });
        overrides(p.config);
      }
      projects.set(dir, p);
    }
    return p;
  };
  const isDir = (abs: string): boolean => {
    try {
      return fs.statSync(abs).isDirectory();
    } catch {
      return false;
    }
  };
  const projectFor = (file: string): ProjectInfo => projectForDir(path.dirname(path.isAbsolute(file) ? file : path.resolve(io.cwd, file)));
  const projectForInput = (input: string): ProjectInfo => {
    const abs = path.resolve(io.cwd, input);
    return isDir(abs) ? projectForDir(abs) : projectFor(abs);
  };

  let rootProject: ProjectInfo;
  try {
    rootProject = useStdin ? projectFor(firstInput) : projectForInput(firstInput);
  } catch (e) {
    return reportConfigError(e, io);
  }

  const notes: string[] = [];
  const fsCache = new CachedFs();
  // Per-file results of earlier runs (server/cli/cache.ts); never for stdin.
  const lintCache = useStdin || v['no-cache'] ? undefined : LintCache.open(io.env, VERSION);
  const runs = new Map<string, RunState>();
  const garByRoot = new Map<string, GarService | undefined>();

  const runFor = async (p: ProjectInfo): Promise<RunState | number> => {
    let run = runs.get(p.root + '\0' + (p.configFile ?? ''));
    if (run) return run;
    const gar = await garFor(p, v, io, notes, garByRoot);
    if (typeof gar === 'number') return gar;
    run = createRun({ config: p.config, projectRoot: p.root, fs: fsCache, gar, rules: () => rules().ruleSet });
    runs.set(p.root + '\0' + (p.configFile ?? ''), run);
    return run;
  };

  mark('config');
  let files: string[];
  if (useStdin) files = [path.resolve(io.cwd, firstInput)];
  else {
    const walked = inputs.map((i) => {
      const abs = path.resolve(io.cwd, i);
      let proj: ProjectInfo;
      try {
        proj = projectForInput(abs);
      } catch {
        proj = rootProject;
      }
      return collectFiles([abs], {
        root: proj.root,
        exclude: proj.config.exclude,
        specs: proj.config.specs,
        forceExclude: !!v['force-exclude'],
        onNote: (n) => notes.push(n),
        onFolder: (dir, entries) => listed.set(dir, entries.some((e) => markers.includes(e.name))),
      });
    });
    const missing = walked.flatMap((w) => w.missing);
    if (missing.length) {
      io.stderr(`imagespec-lint: no such file or folder: ${missing.map((m) => path.relative(io.cwd, path.resolve(io.cwd, m)) || m).join(', ')}\n`);
      return 2;
    }
    files = [...new Set(walked.flatMap((w) => w.files))].sort();
  }

  const allFindings: Finding[] = [];
  const sources = new Map<string, string>();
  let fixedCount = 0;
  let linted = 0;
  const deepJobs: Promise<void>[] = [];

  mark('walk');
  const progress = new Progress({ enabled: Progress.wanted(!!io.stderrIsTTY, io.env, !!v.quiet), write: io.stderr });
  progress.startFiles(files.length);
  // Files are sorted, so a folder's files are consecutive: its project and
  // run are looked up once per folder, not once per file (thousands of files).
  let lastDir: string | undefined;
  let project!: ProjectInfo;
  let lastProject: ProjectInfo | undefined;
  let run!: RunState;
  for (const file of files) {
    progress.tick();
    const dir = path.dirname(file);
    if (dir !== lastDir) {
      try {
        project = projectForDir(dir); // files are absolute here (walked or resolved)
      } catch (e) {
        return reportConfigError(e, io);
      }
      lastDir = dir;
    }
    if (project !== lastProject) {
      const runOrCode = await runFor(project);
      if (typeof runOrCode === 'number') return runOrCode;
      run = runOrCode;
      lastProject = project;
    }
    const isYaml = /\.ya?ml$/i.test(file);
    let text: string;
    let encoding = 'utf-8';
    let bom = false;
    // The file's stat signature, taken before reading it (server/cli/cache.ts).
    let sig: string | undefined;
    if (useStdin) {
      text = io.readStdin ? io.readStdin() : '';
    } else {
      // Unchanged since an earlier run found nothing to lint in it: not read.
      sig = lintCache?.signature(file);
      if (sig !== undefined && lintCache!.knownIrrelevant(run, file, sig)) {
        linted++;
        continue;
      }
      const r = readSource(file, { yaml: isYaml });
      if (r.kind === 'irrelevant') {
        if (sig !== undefined) lintCache!.noteIrrelevant(run, file, sig);
        linted++;
        continue;
      }
      if (r.kind === 'skipped') {
        notes.push(`${path.relative(io.cwd, file) || file}: skipped, ${r.reason}`);
        continue;
      }
      ({ text, encoding, bom } = r);
    }
    linted++;
    // `s`: the signature the text was read under; none for text --fix produced.
    const lint = (t: string, s?: string): FileResult =>
      lintCache ? lintCache.lint(run, file, t, (view) => engine().lintText(t, file, view), s) : engine().lintText(t, file, run);
    // A hit needs no deep pass (no GAR client in this run) and no fixing.
    const cached = lintCache && !v.fix && !run.gar ? lintCache.lookup(run, file, text, sig) : undefined;
    if (cached) {
      sources.set(file, text);
      for (const f of cached) allFindings.push(f);
      continue;
    }
    let result = lint(text, sig);
    if (v.fix && !useStdin) {
      const fixed = applyFixes(file, text, result.findings, run, !!v['unsafe-fixes'], encoding, bom, notes, io.cwd);
      if (fixed) {
        fixedCount += fixed.count;
        text = fixed.text;
        result = lint(text);
      }
    }
    sources.set(file, text);
    for (const f of result.findings) allFindings.push(f); // not push(...): a file can have 100k+ findings
    if (run.gar && result.decls.length) {
      const t = text;
      deepJobs.push(
        engine().lintDeep(t, file, result.decls, run).then(async (deep) => {
          if (v['create-missing-repositories']) deep = await createMissing(deep, run, notes);
          const merged = engine().mergeDeep(allFindings.filter((f) => f.file === file), deep);
          // In place, linear (splice per finding was quadratic), and no push(...) of 100k+ findings.
          let kept = 0;
          for (const f of allFindings) if (f.file !== file) allFindings[kept++] = f;
          allFindings.length = kept;
          for (const f of merged) allFindings.push(f);
        }),
      );
    }
  }
  await progress.track(deepJobs);
  progress.clear();
  mark('lint');
  lintCache?.save();
  mark('cache-save');

  for (const run of runs.values()) {
    for (const err of run.internalErrors) {
      notes.push(`internal error in rule ${err.code} (on ${path.relative(io.cwd, err.file) || err.file}), please report it: ${err.message.split('\n')[0]}`);
    }
  }

  const findings = sortFindings(allFindings);
  let ranRules: RuleMeta[] | undefined;
  const report: Report = {
    findings,
    sources,
    cwd: io.cwd,
    // NO_COLOR (any non-empty value) wins; FORCE_COLOR (not "0") colours a pipe.
    color: !v['output-file'] && !io.env.NO_COLOR && (io.isTTY || (!!io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0')),
    fileCount: linted,
    fixedCount,
    // Only json, sarif, gitlab and --statistics read it: the text formats never load the catalog.
    get rules(): RuleMeta[] {
      if (!ranRules) {
        const codes = new Set(findings.map((f) => f.code));
        ranRules = rules().catalog.filter((r) => isEnabled(r, rootProject.config) || codes.has(r.code));
      }
      return ranRules;
    },
    toolVersion: VERSION,
  };
  mark('sort');
  const output = v.statistics ? renderStatistics(report, format.name === 'json') : format.render(report);
  const text = v.quiet && (format.name === 'full' || format.name === 'concise') ? stripSummary(output) : output;
  mark('render');
  if (v['output-file']) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, v['output-file']), text);
    } catch (e) {
      io.stderr(`imagespec-lint: cannot write ${v['output-file']}: ${(e as Error).message}\n`);
      return 2;
    }
  } else io.stdout(text);
  mark('report');
  for (const n of notes) io.stderr(`imagespec-lint: ${n}\n`);
  printMarks(io.stderr);

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

function parse(argv: string[]) {
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

function reportConfigError(e: unknown, io: Io): number {
  if (e instanceof ConfigError) {
    io.stderr(`imagespec-lint: invalid configuration: ${path.relative(io.cwd, e.file) || e.file}${e.line ? `:${e.line}` : ''}: ${e.key ? `${e.key}: ` : ''}${e.detail}\n`);
    return 2;
  }
  throw e;
}

/**
 * Applies fixes in up to three passes (a fix can reveal or enable another),
 * then writes the file once, atomically, in its own encoding. Returns
 * undefined when nothing changed.
 */
function applyFixes(
  file: string,
  original: string,
  findings: Finding[],
  run: RunState,
  unsafe: boolean,
  encoding: string,
  bom: boolean,
  notes: string[],
  cwd: string,
): { text: string; count: number } | undefined {
  let text = original;
  let current = findings;
  let count = 0;
  const creates: { path: string; content: string }[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const plan = fixer().planFixes(text, file, current, unsafe);
    if (!plan.applied.length) break;
    text = plan.edits.length ? fixer().applyOffsetEdits(text, plan.edits) : text;
    creates.push(...plan.creates);
    count += plan.applied.length;
    current = engine().lintText(text, file, run).findings;
    if (!plan.deferred.length && !current.some((f) => f.fixes.length)) break;
  }
  const rel = path.relative(cwd, file) || file;
  for (const c of creates) {
    try {
      if (!fs.existsSync(c.path)) {
        fs.mkdirSync(path.dirname(c.path), { recursive: true });
        fs.writeFileSync(c.path, c.content, { flag: 'wx' });
        run.fs instanceof CachedFs && run.fs.invalidate(c.path);
      }
    } catch (e) {
      notes.push(`${rel}: could not create ${c.path}: ${(e as Error).message}`);
    }
  }
  if (text === original) return count ? { text, count } : undefined;
  try {
    const st = fs.statSync(file);
    if ((st.mode & 0o222) === 0) {
      notes.push(`${rel}: read-only, fixes not written`);
      return undefined;
    }
    const data = encode(text, encoding, bom);
    if (!data) {
      notes.push(`${rel}: fixed text cannot be written back as ${encoding}; file left unchanged`);
      return undefined;
    }
    writeFileAtomic(file, data);
  } catch (e) {
    notes.push(`${rel}: could not write fixes: ${(e as Error).message}`);
    return undefined;
  }
  return { text, count };
}

async function garFor(
  p: ProjectInfo,
  v: ReturnType<typeof parse>['values'],
  io: Io,
  notes: string[],
  cache: Map<string, GarService | undefined>,
): Promise<GarService | undefined | number> {
  const key = JSON.stringify([p.config.deep, p.config.gar.endpoint, p.config.gar.timeoutMs]);
  if (cache.has(key)) return cache.get(key);
  if (p.config.deep === false) {
    cache.set(key, undefined);
    return undefined;
  }
  // Deep checks need a declaration with a GAR registry to matter; the client
  // module itself loads lazily on the first request.
  const { createGarService } = await import('../gar/client');
  const setup = createGarService(p.config, { cache: !v['no-cache'], env: io.env });
  let service: GarService | undefined;
  switch (setup.status) {
    case 'ready':
      service = setup.service;
      break;
    case 'off':
      break;
    case 'no-credentials':
      if (setup.required) {
        io.stderr(`imagespec-lint: deep checks are required (deep = true) but ${setup.message}\n`);
        return 2;
      }
      break;
    case 'invalid-endpoint':
      io.stderr(`imagespec-lint: invalid configuration: gar.endpoint: ${setup.message}\n`);
      return 2;
  }
  cache.set(key, service);
  void notes;
  return service;
}

async function createMissing(findings: Finding[], run: RunState, notes: string[]): Promise<Finding[]> {
  const out: Finding[] = [];
  const created = new Set<string>();
  for (const f of findings) {
    const cmd = f.code === 'IS201' ? f.fixes.find((x) => x.command?.id === 'imagespec.createRepository')?.command : undefined;
    if (!cmd || !run.gar) {
      out.push(f);
      continue;
    }
    const ref = cmd.args as { project: string; location: string; repository: string };
    const key = `${ref.project}/${ref.location}/${ref.repository}`;
    if (!created.has(key)) {
      const res = await run.gar.createRepository(ref);
      if (!res.ok) {
        notes.push(`could not create repository ${key}: ${res.failure.message}`);
        out.push(f);
        continue;
      }
      created.add(key);
      notes.push(`created Artifact Registry repository ${res.value.name} (DOCKER)`);
    }
  }
  return out;
}

if (require.main === module) {
  run(process.argv.slice(2));
}

export function run(argv: string[]): void {
  // Straight to the descriptors (output.ts); EPIPE ends the output quietly.
  const stdout = fdWriter(1, () => process.stdout);
  const stderr = fdWriter(2, () => process.stderr);
  main(argv, {
    stdout,
    stderr,
    cwd: process.cwd(),
    env: process.env,
    isTTY: isTerminal(1),
    stderrIsTTY: isTerminal(2),
    readStdin: () => fs.readFileSync(0, 'utf8'),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      stderr(`imagespec-lint: internal error, please report it: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
