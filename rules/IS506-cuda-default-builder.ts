// IS506: `cuda` / `cudnn` with flytekit's default builder, which rejects them:
// create_docker_context raises ValueError ("cuda and cudnn do not need to be
// specified ...") when either is not None. Only the envd plugin installs
// CUDA from these fields.
// The builder is the default one when `builder="default"`, or when it is
// unset and nothing else can take over: the module does not import
// union/unionai (their remote builder registers above flytekit's), the
// project does not depend on flytekitplugins-envd (priority 5, above the
// default's 1), and no `**kwargs` may set it.

import * as path from 'node:path';
import { field, type ImageDecl } from '../server/model/decl';
import type { Rule, RuleContext, RuleFinding } from '../server/engine/types';
import { DEFAULT_BUILDER } from '../server/flytekit/fields';

const UNION_IMPORT = /^[ \t]*(?:from[ \t]+(?:union|unionai)\b|import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*(?:union|unionai)\b)/m;
const ENVD = /flytekitplugins[-_.]envd/i;
const DEPENDENCY_FILE = /^(?:pyproject\.toml|setup\.py|setup\.cfg|Pipfile|uv\.lock|poetry\.lock|environment\.ya?ml|requirements[^/]*\.(?:txt|in))$/i;

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
 * Whether flytekit's default builder builds this spec: `{ explicit }` when it
 * certainly does, undefined when another builder does or may.
 */
export function defaultBuilderUse(decl: ImageDecl, ctx: RuleContext): { explicit: boolean } | undefined {
  const b = field(decl, 'builder');
  if (b && b.value.kind !== 'none') {
    return b.value.kind === 'str' && b.value.value === DEFAULT_BUILDER ? { explicit: true } : undefined;
  }
  if (decl.opaque) return undefined;
  if (decl.source === 'python' && (UNION_IMPORT.test(ctx.text) || ENVD.test(ctx.text))) return undefined;
  if (projectUsesEnvd(ctx)) return undefined;
  return { explicit: false };
}

export const rule: Rule = {
  code: 'IS506',
  name: 'cuda-default-builder',
  severity: 'error',
  summary: '`cuda`/`cudnn` with the default builder (rejected)',
  docs: {
    why:
      'flytekit\'s default builder refuses `cuda` and `cudnn`: building raises `ValueError: cuda and cudnn do not need to be specified`. GPU libraries from PyPI bring their own CUDA; with conda, add the `nvidia` channel to `conda_channels` and its packages to `conda_packages`; for CUDA outside Python, start from a `base_image` that has it. Only the envd plugin builder (`builder="envd"`) installs CUDA from these fields.',
    example: 'image = ImageSpec(name="train", packages=["torch"], cuda="12.1")',
    fixed: 'image = ImageSpec(name="train", packages=["torch"], base_image="nvidia/cuda:12.1.1-runtime-ubuntu22.04")',
  },
  check(decl, ctx) {
    const out: RuleFinding[] = [];
    let use: { explicit: boolean } | undefined | null = null;
    for (const name of ['cuda', 'cudnn']) {
      const f = field(decl, name);
      // None is the default; an unknown value may be None.
      if (!f || f.value.kind === 'none' || f.value.kind === 'unknown') continue;
      if (use === null) use = defaultBuilderUse(decl, ctx);
      if (!use) return [];
      out.push({
        range: f.range,
        message:
          `\`${name}\` is rejected by flytekit's default builder${use.explicit ? '' : ' (no builder is set, so flytekit uses its default builder)'}: ` +
          'building raises ValueError ("cuda and cudnn do not need to be specified"). Remove it: PyPI GPU packages bring their own CUDA, conda can install it from the `nvidia` channel, or use a base_image with CUDA',
      });
    }
    return out;
  },
};
