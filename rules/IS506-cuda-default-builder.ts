// IS506: `cuda` / `cudnn` with flytekit's default builder, which rejects them:
// create_docker_context raises ValueError ("cuda and cudnn do not need to be
// specified ...") when either is not None. Only the envd plugin installs
// CUDA from these fields.
// The builder is the default one when `builder="default"`, or when it is
// unset and nothing else can take over: the module does not import
// union/unionai (their remote builder registers above flytekit's), the
// project does not depend on flytekitplugins-envd (priority 5, above the
// default's 1), and no `**kwargs` may set it.

import { field } from '../server/model/decl';
import type { OfflineRule, RuleFinding } from '../server/engine/types';
import { defaultBuilderUse } from './shared/builder';

export const rule: OfflineRule = {
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
