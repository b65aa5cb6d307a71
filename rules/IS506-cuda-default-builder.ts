// Which builder is in use is decided in rules/shared/builder.ts
// (defaultBuilderUse), shared with IS508.

import { field } from '../server/model/decl';
import type { OfflineRule, RuleFinding } from '../server/engine/types';
import { defaultBuilderUse, type KnownBuilder } from './shared/builder';
import { flytekitSince } from './shared/sdkRange';

export const rule: OfflineRule = {
  code: 'IS506',
  name: 'cuda-default-builder',
  severity: 'error',
  summary: '`cuda`/`cudnn` with the default builder (rejected)',
  docs: {
    whatItDoes: 'Reports `cuda` or `cudnn` when flytekit\'s default builder builds the spec: `builder="default"`, or no builder while the project installs no other builder (config `builder`, a union/unionai dependency or import, a flytekitplugins-envd dependency, or `**kwargs` make it silent). The project\'s dependencies are read from pyproject.toml, uv.lock, poetry.lock, requirements*.txt and a .venv in the file\'s folder and every folder above it up to the project root. Only the envd plugin installs CUDA from these fields.',
    runtimeError: { when: 'build', error: '`ValueError: cuda and cudnn do not need to be specified`' },
    why:
      'flytekit\'s default builder refuses `cuda` and `cudnn`: building raises `ValueError: cuda and cudnn do not need to be specified`. GPU libraries from PyPI bring their own CUDA; with conda, add the `nvidia` channel to `conda_channels` and its packages to `conda_packages`; for CUDA outside Python, start from a `base_image` that has it. Only the envd plugin builder (`builder="envd"`) installs CUDA from these fields.',
    example: 'image = ImageSpec(name="train", packages=["torch"], cuda="12.1")',
    fixed: 'image = ImageSpec(name="train", packages=["torch"], base_image="nvidia/cuda:12.1.1-runtime-ubuntu22.04")',
  },
  fixSafety: { kind: 'none', note: 'Where CUDA should come from (PyPI packages, conda, a base image) is the user\'s choice.' },
  appliesTo: [flytekitSince("flytekit's own default builder, which rejects cuda and cudnn", (b) => !!b.defaultBuilder?.rejectsCuda)],
  check(decl, ctx) {
    const out: RuleFinding[] = [];
    let use: KnownBuilder | undefined | null = null;
    for (const name of ['cuda', 'cudnn']) {
      const f = field(decl, name);
      // None is the default; an unknown value may be None.
      if (!f || f.value.kind === 'none' || f.value.kind === 'unknown') continue;
      if (use === null) use = defaultBuilderUse(decl, ctx);
      if (!use) return [];
      out.push({
        range: f.range,
        message:
          `\`${name}\` is rejected by flytekit's default builder${use.from === 'spec' ? '' : ` (${use.source})`}: ` +
          'building raises ValueError ("cuda and cudnn do not need to be specified"). Remove it: PyPI GPU packages bring their own CUDA, conda can install it from the `nvidia` channel, or use a base_image with CUDA',
      });
    }
    return out;
  },
};
