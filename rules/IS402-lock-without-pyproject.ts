// IS402: `requirements` is a `uv.lock` or `poetry.lock` with no
// `pyproject.toml` beside it. flytekit's default builder recognises a lock
// file by its basename, copies it and the `pyproject.toml` of the same
// folder into the build context (uv sync / poetry install need both), and
// raises ValueError when the latter is missing.

import * as path from 'node:path';
import type { ImageDecl, StrValue } from '../server/model/decl';
import { describeOrigin, fieldStr } from '../server/model/decl';
import type { Rule, RuleContext } from '../server/engine/types';
import { LOCK_FILE_NAMES } from '../server/flytekit/fields';
import { displayPath, resolveProjectPath } from './IS401-requirements-missing';
import { builderName } from './IS511-unknown-builder';

/** The lock file `requirements` names (`uv.lock` / `poetry.lock`, by basename as flytekit checks), if any. */
export function lockFileOf(decl: ImageDecl): { value: StrValue; lock: string } | undefined {
  const v = fieldStr(decl, 'requirements');
  if (!v || v.value === '') return undefined;
  // os.path.basename on POSIX: only `/` separates.
  const base = v.value.slice(v.value.lastIndexOf('/') + 1);
  return LOCK_FILE_NAMES.includes(base) ? { value: v, lock: base } : undefined;
}

export const rule: Rule = {
  code: 'IS402',
  name: 'lock-without-pyproject',
  severity: 'error',
  summary: '`uv.lock` / `poetry.lock` without `pyproject.toml` in the same folder',
  docs: {
    why: 'With `requirements` set to a `uv.lock` or `poetry.lock`, flytekit installs with `uv sync` or `poetry install`, which need the project\'s `pyproject.toml`: the builder copies the one in the lock file\'s folder into the build context and raises `ValueError: To use uv.lock, a pyproject.toml file must be in the same directory as the lock file` when there is none.',
    example: 'image = ImageSpec(name="etl", requirements="locks/uv.lock")  # locks/ has no pyproject.toml',
  },
  check(decl, ctx: RuleContext) {
    const lf = lockFileOf(decl);
    if (!lf) return [];
    // The noop builder installs nothing and never reads the lock file.
    if (builderName(decl) === 'noop') return [];
    const abs = resolveProjectPath(ctx, lf.value.value);
    const dir = path.dirname(abs);
    // A missing folder is IS401's finding (the lock file itself is missing).
    if (ctx.fs.kind(dir) !== 'dir') return [];
    const pyproject = path.join(dir, 'pyproject.toml');
    if (ctx.fs.kind(pyproject) === 'file') return [];
    return [
      {
        range: lf.value.range,
        message:
          `\`${lf.lock}\` needs a \`pyproject.toml\` in the same folder, and \`${displayPath(ctx, pyproject)}\` does not exist${describeOrigin(lf.value)}: ` +
          `the build fails with ValueError ("To use ${lf.lock}, a pyproject.toml file must be in the same directory as the lock file"). ` +
          'Point `requirements` at the lock file next to your project\'s pyproject.toml',
      },
    ];
  },
};
