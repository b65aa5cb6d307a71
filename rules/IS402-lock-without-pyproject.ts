// A missing folder is IS401's finding (the lock file itself is missing);
// the noop builder installs nothing and never reads the lock file.

import * as path from 'node:path';
import { describeOrigin } from '../server/model/decl';
import type { OfflineRule } from '../server/engine/types';
import { builderName } from './shared/builder';
import { lockFileOf, lockHandler } from './shared/lockFile';
import { displayPath, findPath } from './shared/projectPaths';
import { flytekitSince } from './shared/sdkRange';

export const rule: OfflineRule = {
  code: 'IS402',
  name: 'lock-without-pyproject',
  severity: 'error',
  summary: '`uv.lock` / `poetry.lock` without `pyproject.toml` in the same folder',
  docs: {
    whatItDoes: 'Reports a `uv.lock` or `poetry.lock` as `requirements` with no `pyproject.toml` in the same folder. flytekit\'s default builder recognises a lock file by its basename and copies it with the `pyproject.toml` beside it into the build context (uv sync and poetry install need both). Judged when the lock file is installed as a lock: by flytekit\'s default builder in a release that knows it (uv.lock from 1.14.0, poetry.lock from 1.15.0) or by Union\'s builder (which needs the pyproject.toml too); silent when another builder (envd) or an older release hands the file to pip.',
    runtimeError: { when: 'build', error: '`ValueError: To use uv.lock, a pyproject.toml file must be in the same directory as the lock file`' },
    why: 'With `requirements` set to a `uv.lock` or `poetry.lock`, flytekit installs with `uv sync` or `poetry install`, which need the project\'s `pyproject.toml`: the builder copies the one in the lock file\'s folder into the build context and raises `ValueError: To use uv.lock, a pyproject.toml file must be in the same directory as the lock file` when there is none.',
    example: 'image = ImageSpec(name="etl", requirements="locks/uv.lock")  # locks/ has no pyproject.toml',
  },
  fixSafety: { kind: 'none' },
  appliesTo: [flytekitSince('uv.lock as requirements', (b) => !!b.defaultBuilder?.lockFiles.includes('uv.lock')), flytekitSince('poetry.lock as requirements', (b) => !!b.defaultBuilder?.lockFiles.includes('poetry.lock'))],
  check(decl, ctx) {
    const lf = lockFileOf(decl);
    if (!lf) return [];
    // The noop builder installs nothing and never reads the lock file.
    if (builderName(decl) === 'noop') return [];
    // Only a builder that installs the lock file as a lock (uv sync / poetry install) needs the pyproject.toml.
    const handler = lockHandler(decl, ctx, lf.lock);
    if (!handler) return [];
    // Judged in every folder pyflyte may run in where the lock file exists: a pyproject.toml beside any of them is fine.
    const found = findPath(ctx, decl.file, lf.value.value, 'file');
    // A missing lock file is IS401's finding.
    if (!found.found) return [];
    const locks = found.foundInAll.map((base) => path.resolve(base, lf.value.value));
    if (locks.some((l) => ctx.fs.kind(path.join(path.dirname(l), 'pyproject.toml')) === 'file')) return [];
    const pyproject = path.join(path.dirname(found.found), 'pyproject.toml');
    return [
      {
        range: lf.value.range,
        message:
          `\`${lf.lock}\` needs a \`pyproject.toml\` in the same folder, and \`${displayPath(ctx, pyproject)}\` does not exist${describeOrigin(lf.value)}: ` +
          (handler === 'union'
            ? `Union's image builder fails with ValueError ("${lf.lock === 'uv.lock' ? 'pyproject.toml must exist when using uv.lock' : `must have project file if using lock file ${lf.value.value}`}"). `
            : `the build fails with ValueError ("To use ${lf.lock}, a pyproject.toml file must be in the same directory as the lock file"). `) +
          'Point `requirements` at the lock file next to your project\'s pyproject.toml',
      },
    ];
  },
};
