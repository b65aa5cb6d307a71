// A lock file named as `requirements` (IS402, IS403): flytekit's default
// builder recognises `uv.lock` and `poetry.lock` by their basename.

import { fieldStr, type ImageDecl, type StrValue } from '../../server/model/decl';
import { LOCK_FILE_NAMES } from '../../server/flytekit/fields';

/** The lock file `requirements` names (`uv.lock` / `poetry.lock`, by basename as flytekit checks), if any. */
export function lockFileOf(decl: ImageDecl): { value: StrValue; lock: string } | undefined {
  const v = fieldStr(decl, 'requirements');
  if (!v || v.value === '') return undefined;
  // os.path.basename on POSIX: only `/` separates.
  const base = v.value.slice(v.value.lastIndexOf('/') + 1);
  return LOCK_FILE_NAMES.includes(base) ? { value: v, lock: base } : undefined;
}
