// Lints the files of a CLI run, one after the other: each with the run of
// its project (one per project and config file), read only when the result
// cache cannot answer for it, fixed with --fix, and checked deeply in the
// background when the project's deep checks have a service.

import * as path from 'node:path';
import { createRun, type RunState } from '../engine/run';
import type { FileResult } from '../engine/lint';
import type { ProjectInfo } from '../engine/project';
import type { CachedFs } from '../engine/fs';
import type { Finding } from '../engine/types';
import type { GarService } from '../gar/service';
import { readSource } from '../workspace/read';
import type { CliFlags } from './args';
import type { LintCache } from './cache';
import { createMissing, garServiceFor } from './deep';
import { applyFixes } from './fix';
import { engine, rules } from './lazy';
import { Progress } from './progress';
import { configErrorExit, type ProjectFinder } from './projects';

export interface LintFilesInput {
  files: string[];
  flags: CliFlags;
  io: { cwd: string; env: NodeJS.ProcessEnv; stderr: (s: string) => void; stderrIsTTY?: boolean; readStdin?: () => string };
  /** Lint standard input as `files[0]`. */
  useStdin: boolean;
  projects: ProjectFinder;
  fs: CachedFs;
  lintCache: LintCache | undefined;
  /** Lines for stderr after the report. */
  notes: string[];
}

export interface LintFilesResult {
  /** Every file's findings, offline and deep, in file order (not yet sorted across files). */
  findings: Finding[];
  /** The text each finding's file was linted with. */
  sources: Map<string, string>;
  fixedCount: number;
  linted: number;
  runs: RunState[];
}

/** Lints the files; an exit code when a project's config or deep-check setting cannot work. */
export async function lintFiles(o: LintFilesInput): Promise<LintFilesResult | number> {
  const { flags: v, io, useStdin, lintCache, notes } = o;
  const runs = new Map<string, RunState>();
  const garByConfig = new Map<string, GarService | undefined>();
  const runFor = async (p: ProjectInfo): Promise<RunState | number> => {
    const key = p.root + '\0' + (p.configFile ?? '');
    let run = runs.get(key);
    if (run) return run;
    const gar = await garServiceFor(p, v, io, garByConfig);
    if (typeof gar === 'number') return gar;
    run = createRun({ config: p.config, projectRoot: p.root, fs: o.fs, gar, rules: () => rules().ruleSet });
    runs.set(key, run);
    return run;
  };

  const allFindings: Finding[] = [];
  const sources = new Map<string, string>();
  let fixedCount = 0;
  let linted = 0;
  const deepJobs: Promise<void>[] = [];

  const progress = new Progress({ enabled: Progress.wanted(!!io.stderrIsTTY, io.env, !!v.quiet), write: io.stderr });
  progress.startFiles(o.files.length);
  // Files are sorted, so a folder's files are consecutive: its project and
  // run are looked up once per folder, not once per file (thousands of files).
  let lastDir: string | undefined;
  let project!: ProjectInfo;
  let lastProject: ProjectInfo | undefined;
  let run!: RunState;
  for (const file of o.files) {
    progress.tick();
    const dir = path.dirname(file);
    if (dir !== lastDir) {
      try {
        project = o.projects.forDir(dir); // files are absolute here (walked or resolved)
      } catch (e) {
        return configErrorExit(e, io);
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
    if (v.fix) {
      const fixed = applyFixes(file, text, result.findings, run, !!v['unsafe-fixes'], encoding, bom, notes, io.cwd, useStdin ? 'stdin' : 'file');
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
      // This file's run, fixed now: `run` moves on to the next project while the answer is awaited.
      const fileRun = run;
      deepJobs.push(
        engine().lintDeep(t, file, result.decls, fileRun).then(async (deep) => {
          if (v['create-missing-repositories']) deep = await createMissing(deep, fileRun, notes);
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
  return { findings: allFindings, sources, fixedCount, linted, runs: [...runs.values()] };
}
