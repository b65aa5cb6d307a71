// A lock file named as `requirements` (IS402, IS403): flytekit's default
// builder recognises `uv.lock` and `poetry.lock` by their basename.

import { fieldStr, type ImageDecl, type StrValue } from '../../server/model/decl';
import type { RuleContext } from '../../server/engine/types';
import { LOCK_FILE_NAMES } from '../../server/flytekit/fields';
import { behaviourFor, newestBehaviour } from '../../server/flytekit/versions';
import { builderOf, flytekitOf } from './project';

/** The lock file `requirements` names (`uv.lock` / `poetry.lock`, by basename as flytekit checks), if any. */
export function lockFileOf(decl: ImageDecl): { value: StrValue; lock: string } | undefined {
  const v = fieldStr(decl, 'requirements');
  if (!v || v.value === '') return undefined;
  // os.path.basename on POSIX: only `/` separates.
  const base = v.value.slice(v.value.lastIndexOf('/') + 1);
  return LOCK_FILE_NAMES.includes(base) ? { value: v, lock: base } : undefined;
}

/**
 * Who handles a lock file named as `requirements` as a lock file (uv sync /
 * poetry install), from the effective builder and the pinned release:
 * `default` when flytekit's default builder builds the spec and that release
 * knows the lock file (uv.lock from 1.14.0, poetry.lock from 1.15.0);
 * `union` when Union's builder does (it handles both); `either` when union
 * is installed and its endpoint decides between the two and both handle it.
 * Undefined when the builder passes it to pip as a requirements file (envd,
 * older releases) or cannot be known: then the lock-file rules say nothing.
 */
export function lockHandler(decl: ImageDecl, ctx: RuleContext, lock: string): 'default' | 'union' | 'either' | undefined {
  const pinned = flytekitOf(ctx, decl.file);
  const found = pinned.version ? behaviourFor(pinned.version) : undefined;
  // A release whose behaviour was not read: judge as the newest read.
  const lockFiles = (found?.ok ? found.behaviour : newestBehaviour()).defaultBuilder?.lockFiles ?? [];
  const defaultHandles = lockFiles.includes(lock);
  const b = builderOf(decl, ctx);
  if (b.known) {
    if (b.name === 'default') return defaultHandles ? 'default' : undefined;
    if (b.name === 'union' || b.name === 'unionai') return 'union';
    return undefined;
  }
  // Unknown because union is installed: Serverless gives Union's builder, BYOC flytekit's default.
  if (/union/.test(b.reason) && defaultHandles) return 'either';
  return undefined;
}
