// --fix: applies a file's fixes and writes the file back once, in place
// (server/util/writeInPlace.ts says why not temp file + rename), in its own
// encoding; creates the files fixes ask for (IS401), never outside the
// project. Standard input is fixed in memory: the caller prints the text.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside } from '../project/workdir';
import type { RunState } from '../engine/run';
import type { Finding } from '../engine/types';
import { CachedFs } from '../engine/fs';
import { FileChangedError, writeFileInPlace } from '../util/writeInPlace';
import { encode } from '../workspace/read';
import { engine, fixer } from './lazy';

/** Where the fixed text goes: the file itself, or nowhere (standard input: the caller prints it). */
export type FixTarget = 'file' | 'stdin';

/**
 * Applies fixes in up to three passes (a fix can reveal or enable another),
 * then writes the file once, in place, in its own encoding. Returns
 * undefined when nothing changed or the file could not be written.
 */
export function applyFixes(
  file: string,
  original: string,
  findings: Finding[],
  run: RunState,
  unsafe: boolean,
  encoding: string,
  bom: boolean,
  notes: string[],
  cwd: string,
  target: FixTarget = 'file',
): { text: string; count: number } | undefined {
  let text = original;
  let count = 0;
  const rel = path.relative(cwd, file) || file;
  const refused = new Set<string>();
  // A fix that would create a file it may not create is not applied (nor counted).
  const allowed = (list: Finding[]): Finding[] =>
    list.filter((f) => {
      const create = fixer().autoFix(f, unsafe)?.createFile;
      // Files are created after the passes: a later pass sees the same finding again.
      if (create && creates.some((c) => c.path === create.path)) return false;
      const why = create && refusal(create.path, run, target, cwd);
      if (!why) return true;
      const note = `${rel}: refusing to create ${shown(create.path, cwd)}: ${why}`;
      if (!refused.has(note)) notes.push(note);
      refused.add(note);
      return false;
    });
  const creates: { path: string; content: string }[] = [];
  let current = allowed(findings);
  for (let pass = 0; pass < 3; pass++) {
    const plan = fixer().planFixes(text, file, current, unsafe);
    if (!plan.applied.length) break;
    text = plan.edits.length ? fixer().applyOffsetEdits(text, plan.edits) : text;
    creates.push(...plan.creates);
    count += plan.applied.length;
    current = allowed(engine().lintText(text, file, run, undefined, { skeleton: true }).findings);
    if (!plan.deferred.length && !current.some((f) => f.fixes.length)) break;
  }
  for (const c of creates) createFile(c, rel, run, notes, cwd);
  if (text === original) return count ? { text, count } : undefined;
  if (target === 'stdin') return { text, count };
  try {
    const st = fs.statSync(file);
    if ((st.mode & 0o222) === 0) {
      notes.push(`${rel}: read-only, fixes not written`);
      return undefined;
    }
    const data = encode(text, encoding, bom);
    const expected = encode(original, encoding, bom);
    if (!data || !expected) {
      notes.push(`${rel}: fixed text cannot be written back as ${encoding}; file left unchanged`);
      return undefined;
    }
    writeFileInPlace(file, data, expected);
  } catch (e) {
    if (e instanceof FileChangedError) notes.push(`${rel}: changed while it was being linted; fixes not written (run again)`);
    else notes.push(`${rel}: could not write fixes: ${(e as Error).message}`);
    return undefined;
  }
  return { text, count };
}

/** Why a fix may not create `p`, if it may not: only inside the project, and never while fixing standard input. */
function refusal(p: string, run: RunState, target: FixTarget, cwd: string): string | undefined {
  if (target === 'stdin') return 'fixes of standard input create no files';
  if (!insideProject(p, run.projectRoot)) return `it is outside the project (${shown(run.projectRoot, cwd)})`;
  return undefined;
}

/** A path as notes show it: relative to the working folder when inside it. */
function shown(p: string, cwd: string): string {
  return isInside(cwd, p) ? path.relative(cwd, p) || p : p;
}

/** Creates a file an unsafe fix asks for (IS401's requirements file), never over an existing file. */
function createFile(c: { path: string; content: string }, rel: string, run: RunState, notes: string[], cwd: string): void {
  try {
    if (!fs.existsSync(c.path)) {
      fs.mkdirSync(path.dirname(c.path), { recursive: true });
      fs.writeFileSync(c.path, c.content, { flag: 'wx' });
      if (run.fs instanceof CachedFs) run.fs.invalidate(c.path);
    }
  } catch (e) {
    notes.push(`${rel}: could not create ${shown(c.path, cwd)}: ${(e as Error).message}`);
  }
}


/**
 * Whether `p` lies inside `root`, as written (no `..` out of it) and on
 * disk: the nearest folder of `p` that exists, with its symlinks resolved,
 * must be inside the root's real path too.
 */
function insideProject(p: string, root: string): boolean {
  const abs = path.resolve(p);
  if (!isInside(path.resolve(root), abs)) return false;
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return false;
  }
  for (let dir = path.dirname(abs); ; dir = path.dirname(dir)) {
    try {
      return isInside(realRoot, fs.realpathSync(dir));
    } catch {
      if (path.dirname(dir) === dir) return false;
    }
  }
}
