// Paths written in a spec, as flytekit opens them (IS401-IS405): relative to
// the folder pyflyte runs in (the project root), not to the declaring file.

import * as path from 'node:path';
import type { RuleContext } from '../../server/engine/types';

/** A spec path as flytekit opens it: relative to the folder pyflyte runs in. */
export function resolveProjectPath(ctx: RuleContext, p: string): string {
  return path.resolve(ctx.projectRoot, p);
}

/** A path as a person reads it in a message: relative to the project root when inside it. */
export function displayPath(ctx: RuleContext, abs: string): string {
  const rel = path.relative(ctx.projectRoot, abs);
  if (rel === '') return '.';
  if (rel.startsWith('..') || path.isAbsolute(rel)) return abs;
  return rel.split(path.sep).join('/');
}
