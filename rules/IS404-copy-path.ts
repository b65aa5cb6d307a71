// A bare string or a tuple as `copy` is IS502's finding; only list items
// and `.with_copy(...)` arguments reach the builder as entries.

import { describeOrigin } from '../server/model/decl';
import { copyEntries } from './shared/specPaths';
import type { OfflineRule, RuleFinding } from '../server/engine/types';
import { findPath, lookedIn } from './shared/projectPaths';
import { flytekitSince } from './shared/sdkRange';

export const rule: OfflineRule = {
  code: 'IS404',
  name: 'copy-path',
  severity: 'error',
  summary: '`copy` entry absolute or containing `..` (error), or missing (warning)',
  docs: {
    whatItDoes: 'Reports a `copy` entry (from `copy=[...]` or a chained `.with_copy(...)`) that is an absolute path or climbs out with `..` (an error), or that does not exist from any folder pyflyte may run in (the declaring file\'s own folder up to the project root, or config `workdir`; a warning: the file may be generated before the build runs).',
    runtimeError: { when: 'build', error: '`ValueError: Absolute paths or paths with \'..\' are not allowed in COPY command.`; a missing entry fails the copy into the build context' },
    why: 'flytekit copies each `copy` entry into the build context at the same relative path and then to `/root/PATH` in the image, so it rejects absolute paths and paths with `..` (`ValueError: Absolute paths or paths with \'..\' are not allowed in COPY command.`). Relative entries resolve against the folder pyflyte runs in; a missing one fails the build when it is copied.',
    example: 'image = ImageSpec(name="etl", copy=["../shared/config.yaml"])',
  },
  fixSafety: { kind: 'none' },
  appliesTo: [flytekitSince('`copy` and its path check', (b) => b.fields.includes('copy'))],
  check(decl, ctx) {
    const out: RuleFinding[] = [];
    for (const v of copyEntries(decl)) {
      const p = v.value;
      if (p === '') continue;
      const origin = describeOrigin(v);
      if (p.startsWith('/')) {
        out.push({
          range: v.range,
          message: `copy entry \`${p}\`${origin} is an absolute path: flytekit raises ValueError ("Absolute paths or paths with '..' are not allowed in COPY command."). Use a path relative to the project root, where pyflyte runs`,
        });
        continue;
      }
      if (p.split('/').includes('..')) {
        out.push({
          range: v.range,
          message: `copy entry \`${p}\`${origin} contains \`..\`: flytekit raises ValueError ("Absolute paths or paths with '..' are not allowed in COPY command."). Move the file under the project root, where pyflyte runs, or run pyflyte from a folder that contains it`,
        });
        continue;
      }
      const found = findPath(ctx, decl.file, p, 'any');
      if (!found.found) {
        out.push({
          range: v.range,
          severity: 'warning',
          message: `copy entry \`${p}\`${origin} does not exist (${lookedIn(ctx, found)}): the build fails when it copies it. Fix the path or create the file before building`,
        });
      }
    }
    return out;
  },
};
