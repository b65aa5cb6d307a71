// Which image builder builds a spec, as far as the source can tell. flytekit
// picks the builder named in `builder`, or, when none is named, the
// registered builder of highest priority: union/unionai register their
// remote builder above flytekit's default (priority 1), and so does the
// envd plugin (priority 5).

import * as path from 'node:path';
import { field, type ImageDecl } from '../../server/model/decl';
import type { RuleContext } from '../../server/engine/types';
import { DEFAULT_BUILDER } from '../../server/flytekit/fields';

const UNION_IMPORT = /^[ \t]*(?:from[ \t]+(?:union|unionai)\b|import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*(?:union|unionai)\b)/m;
const ENVD = /flytekitplugins[-_.]envd/i;
const DEPENDENCY_FILE = /^(?:pyproject\.toml|setup\.py|setup\.cfg|Pipfile|uv\.lock|poetry\.lock|environment\.ya?ml|requirements[^/]*\.(?:txt|in))$/i;

/** The builder the spec names: the string when known, `undefined` when unset (or None), `null` when not statically known. */
export function builderName(decl: ImageDecl): string | undefined | null {
  const f = decl.fields.find((x) => x.name === 'builder');
  if (!f) return decl.opaque ? null : undefined;
  if (f.value.kind === 'none') return undefined;
  return f.value.kind === 'str' ? f.value.value : null;
}

/** Whether the file imports `union` or `unionai` at the start of a line (asked once per file). */
export function importsUnion(ctx: RuleContext): boolean {
  return ctx.perFile('imports union', () => UNION_IMPORT.test(ctx.text));
}

/** True when the project's dependency files name the envd plugin. */
function projectUsesEnvd(ctx: RuleContext): boolean {
  for (const name of ctx.fs.list(ctx.projectRoot)) {
    if (!DEPENDENCY_FILE.test(name)) continue;
    const text = ctx.fs.readText(path.join(ctx.projectRoot, name));
    if (text && ENVD.test(text)) return true;
  }
  return false;
}

/**
 * Whether flytekit's default builder builds this spec (IS506, IS508):
 * `{ explicit }` when it certainly does, undefined when another builder does
 * or may. It is the default one when `builder="default"`, or when it is
 * unset and nothing else can take over: the module does not import
 * union/unionai, the project does not depend on flytekitplugins-envd, and no
 * `**kwargs` may set it.
 */
export function defaultBuilderUse(decl: ImageDecl, ctx: RuleContext): { explicit: boolean } | undefined {
  const b = field(decl, 'builder');
  if (b && b.value.kind !== 'none') {
    return b.value.kind === 'str' && b.value.value === DEFAULT_BUILDER ? { explicit: true } : undefined;
  }
  if (decl.opaque) return undefined;
  if (decl.source === 'python' && (importsUnion(ctx) || ENVD.test(ctx.text))) return undefined;
  if (projectUsesEnvd(ctx)) return undefined;
  return { explicit: false };
}
