// A bare string or a tuple as `copy` is IS502's finding; only list items
// and `.with_copy(...)` arguments reach the builder as entries.

import type { ImageDecl, StrValue, Value } from '../server/model/decl';
import { describeOrigin, field } from '../server/model/decl';
import type { OfflineRule, RuleFinding } from '../server/engine/types';
import { resolveProjectPath } from './shared/projectPaths';
import { flytekitSince } from './shared/sdkRange';

/** Every statically known string entry `copy` will hold, in order: the field's items, then each `.with_copy(...)` argument. */
function copyEntries(decl: ImageDecl): StrValue[] {
  const out: StrValue[] = [];
  const take = (v: Value | undefined): void => {
    if (!v) return;
    if (v.kind === 'str') out.push(v);
    else if (v.kind === 'list' && (v.form ?? 'list') === 'list') for (const item of v.items) if (item.kind === 'str') out.push(item);
  };
  const f = field(decl, 'copy');
  // A bare string or a tuple is IS502's finding; only lists reach the builder as entries.
  if (f && f.value.kind === 'list') take(f.value);
  for (const c of decl.chain) {
    if (c.method !== 'with_copy') continue;
    // with_copy(src): a string is appended, a list extends.
    take(c.args[0] ?? c.kwargs.find((k) => k.name === 'src')?.value);
  }
  return out;
}

export const rule: OfflineRule = {
  code: 'IS404',
  name: 'copy-path',
  severity: 'error',
  summary: '`copy` entry absolute or containing `..` (error), or missing (warning)',
  docs: {
    whatItDoes: 'Reports a `copy` entry (from `copy=[...]` or a chained `.with_copy(...)`) that is an absolute path or climbs out with `..` (an error), or that does not exist relative to the project root (a warning: the file may be generated before the build runs).',
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
      const abs = resolveProjectPath(ctx, p);
      if (ctx.fs.kind(abs) === 'missing') {
        out.push({
          range: v.range,
          severity: 'warning',
          message: `copy entry \`${p}\`${origin} does not exist (looked for ${abs}; paths resolve against the project root, where pyflyte runs): the build fails when it copies it. Fix the path or create the file before building`,
        });
      }
    }
    return out;
  },
};
