// Judged only when the effective builder is known to be Union's (`union` /
// `unionai` named in the spec or by config `builder`): with union merely
// installed, the Union endpoint decides whether its builder takes over
// (server/project/builder.ts), so the rule says nothing.
//
// What the builder supports is server/flytekit/unionBuilder.ts, read from
// UCImageSpecBuilder at four generations. RULES.md lists the supported set
// of one older generation; newer ones also take conda_packages,
// conda_channels, source_copy_mode, builder_options, pip_extra_args,
// registry, copy and (instead of python_version, cuda, cudnn, platform) a
// base_image. The union release a project runs is not known from its
// version number, so a field is reported only when the newest builder read
// drops it: an older union may drop more, never less than reported.
// tag_format and runtime_packages take effect outside the builder and are
// never reported. A python_version every release read rejects is an error;
// one only the newest rejects (3.8) a warning.

import { field, type Value } from '../server/model/decl';
import type { OfflineRule, RuleFinding } from '../server/engine/types';
import { fieldInfo } from '../server/flytekit/fields';
import { OUTSIDE_THE_BUILDER, UNION_BASE_ONLY, unionPythonVersion, unionSupported } from '../server/flytekit/unionBuilder';
import { builderPhrase, knownBuilder } from './shared/builder';

const UNION_BUILDERS = ['union', 'unionai'];

/** Python truthiness of a statically known value; undefined when it is not known. */
function truthy(v: Value): boolean | undefined {
  switch (v.kind) {
    case 'str':
      return v.value !== '';
    case 'num':
      return v.value !== 0;
    case 'bool':
      return v.value;
    case 'none':
      return false;
    case 'list':
      return v.items.length > 0;
    case 'dict':
      return v.entries.length > 0 ? true : v.open ? undefined : false;
    case 'spec':
      return true;
    case 'unknown':
      return undefined;
  }
}

export const rule: OfflineRule = {
  code: 'IS513',
  name: 'builder-ignores-field',
  severity: 'warning',
  summary: 'A field the effective builder ignores (Union\'s image builder drops what it does not support); E for a `python_version` it rejects',
  docs: {
    whatItDoes:
      'Reports each field Union\'s image builder does not support, when that builder builds the spec (`builder="union"` or `"unionai"`, or config `builder`): it warns "The following parameters are unsupported and ignored" and builds without them (`entrypoint`, `pip_secret_mounts`, `python_exec`, `registry_config`, `builder_config`; with a `base_image`, also `python_version`, `cuda`, `cudnn` and `platform`). A `python_version` the builder rejects is an error: it must be `3.Y` or `3.Y.Z` with Y from 9 to 12. Silent when union is only installed (its builder takes over on Union Serverless, not on BYOC) until `builder` or config `builder` says which builder it is.',
    runtimeError: { when: 'build', error: '`ValueError: Only python versions between 3.9 to 3.12 are supported, got 3.13` (or `python_version must be in the form major.minor`); for an ignored field, a `UserWarning` and an image without it' },
    why:
      'Union\'s image builder turns an ImageSpec into its own build spec and copies only the fields it knows. Anything else is dropped with a warning in the build log, so the image quietly lacks what the field asked for (a custom entrypoint, a pip secret, a python_exec). It builds on Union\'s own base images, which exist for Python 3.9 to 3.12 only: any other `python_version` fails the build.',
    example: 'image = ImageSpec(name="etl", builder="union", packages=["pandas"], python_version="3.13", entrypoint=["python"])',
    fixed: 'image = ImageSpec(name="etl", builder="union", packages=["pandas"], python_version="3.12")',
  },
  fixSafety: { kind: 'none', note: 'Whether to drop the field or build with another builder is the user\'s choice.' },
  configKeys: ['builder'],
  // The builder is the `union` package's (UCImageSpecBuilder), registered into every flytekit release's ImageBuildEngine.
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl, ctx) {
    if (decl.fields.length === 0) return [];
    const b = knownBuilder(decl, ctx);
    if (!b || !UNION_BUILDERS.includes(b.name)) return [];
    const who = builderPhrase(b);
    const base = field(decl, 'base_image');
    const hasBase = base ? truthy(base.value) : false;
    const out: RuleFinding[] = [];
    for (const f of decl.fields) {
      // Not a field (IS501's), or one that takes effect outside the builder.
      if (!fieldInfo(f.name) || OUTSIDE_THE_BUILDER.includes(f.name)) continue;
      if (f.name === 'python_version') {
        if (f.value.kind !== 'str') continue; // a number or something unknown is IS512's
        const verdict = unionPythonVersion(f.value.value);
        if (!verdict.ok) {
          out.push({
            range: f.value.range,
            severity: verdict.always ? 'error' : 'warning',
            message: verdict.always
              ? `\`python_version\` "${f.value.value}" is rejected by ${who}: the build raises ValueError ("${verdict.error}"). Use a version from 3.9 to 3.12`
              : `\`python_version\` "${f.value.value}" is rejected by the newest releases of ${who} (ValueError: "${verdict.error}"); only an older union accepted it. Use a version from 3.9 to 3.12`,
          });
          continue;
        }
      }
      if (truthy(f.value) !== true) continue;
      // The supported set depends on base_image; an unknown base_image decides nothing.
      if (UNION_BASE_ONLY.includes(f.name)) {
        if (hasBase !== true) continue;
        out.push({
          range: f.nameRange,
          message: `\`${f.name}\` is ignored by ${who} when \`base_image\` is set: it builds on your base image as it is and warns "The following parameters are unsupported and ignored". Remove \`${f.name}\`, or drop \`base_image\` to build on Union's base image`,
        });
        continue;
      }
      if (unionSupported(hasBase === true).includes(f.name) || f.name === 'base_image') continue;
      out.push({
        range: f.nameRange,
        message: `\`${f.name}\` is ignored by ${who}: it warns "The following parameters are unsupported and ignored" and builds the image without it. Remove \`${f.name}\`, or build with another builder`,
      });
    }
    return out;
  },
};
