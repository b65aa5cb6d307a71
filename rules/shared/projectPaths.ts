// Paths written in a spec, as flytekit (or flyte) opens them: relative to
// the folder pyflyte runs in. That folder is not in the source, so every
// folder from the declaring file's own folder up to the project root is a
// candidate (server/project/workdir.ts), unless config `workdir` pins one.
// IS401-IS405, IS407 and Flyte 2's file checks read paths through here.

import * as path from 'node:path';
import type { RuleContext } from '../../server/engine/types';
import { listText, lookupPath, relativeToRoot, workingFolders, type PathLookup, type Want, type WorkingFolders } from '../../server/project/workdir';

export type { PathLookup, Want, WorkingFolders };

/** The candidate working folders of a file (memoised per linted file). */
export function workingFoldersOf(ctx: RuleContext, file: string): WorkingFolders {
  return ctx.perFile(`working folders\0${file}`, () => workingFolders(file, ctx.projectRoot, ctx.config.workdir));
}

/** Looks a path written in `file` up in its working folders, nearest first. */
export function findPath(ctx: RuleContext, file: string, written: string, want: Want): PathLookup {
  return lookupPath(ctx.fs, workingFoldersOf(ctx, file), written, want);
}

/**
 * Where a path was looked for, for a message: "looked for `a/x.txt`, `x.txt`"
 * (as displayPath shows them), and how the folders were chosen.
 */
export function lookedIn(ctx: RuleContext, lookup: PathLookup, tool: 'pyflyte' | 'flyte' = 'pyflyte'): string {
  const shown = listText(lookup.tried.map((t) => displayPath(ctx, t)));
  if (lookup.absolute) return `looked for ${shown}`;
  if (ctx.config.workdir !== undefined) return `looked for ${shown}: config \`workdir\` pins the folder ${tool} runs in`;
  if (lookup.tried.length === 1) return `looked for ${shown} from the project root, where ${tool} runs`;
  return `looked for ${shown} from each folder ${tool} may run in: the file's own folder up to the project root`;
}

/**
 * Where a fix that creates `written` puts it: from the nearest candidate
 * folder in which the path's own folder exists, else from the nearest
 * candidate (the declaring file's folder). Absolute.
 */
export function createTarget(ctx: RuleContext, file: string, written: string): string {
  const wf = workingFoldersOf(ctx, file);
  if (path.isAbsolute(written)) return written;
  for (const base of wf.folders) {
    const abs = path.resolve(base, written);
    if (ctx.fs.kind(path.dirname(abs)) === 'dir') return abs;
  }
  return path.resolve(wf.folders[0], written);
}

/**
 * A path as a person reads it in a message: relative to the run's display
 * root when inside it (the CLI's working directory, as the finding's file
 * is printed; the editor's workspace folder), absolute otherwise.
 */
export function displayPath(ctx: Pick<RuleContext, 'displayRoot'>, abs: string): string {
  return ctx.displayRoot === null ? abs : relativeToRoot(ctx.displayRoot, abs);
}
