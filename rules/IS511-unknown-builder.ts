// A warning, not an error: a third-party plugin may register other names.
// What is registered depends on the project (server/project/builder.ts
// registrationOf): flytekit's own builders by the pinned release, plugins'
// by the packages a .venv or lock file lists; a name no known package
// registers is silent when the module or one beside it registers a builder
// of its own (ImageBuildEngine.register), unless it is a near-miss of a
// known name.

import { describeOrigin, fieldStr } from '../server/model/decl';
import type { Fix, OfflineRule } from '../server/engine/types';
import { closest, strFix } from '../server/engine/ruleKit';
import { BUILDER_NAMES } from '../server/flytekit/fields';
import { BUILDER_PACKAGES } from '../server/project/builder';
import { projectOf } from './shared/project';

export const rule: OfflineRule = {
  code: 'IS511',
  name: 'unknown-builder',
  severity: 'warning',
  summary: `Unknown \`builder\` (known: ${BUILDER_NAMES.join(', ')})`,
  docs: {
    whatItDoes: 'Reports a `builder` no known plugin registers (names are case-sensitive; flytekit looks the name up as written), including an empty one, and a known builder the project does not register: `default` before flytekit 1.13.0 and `noop` before 1.15.4 in a project pinned to such a release, `envd` or `union` when a `.venv` or lock file lists the environment without flytekitplugins-envd or union. Silent for a name far from every known one when the module or one beside it registers a builder of its own (`ImageBuildEngine.register`).',
    runtimeError: { when: 'build', error: '`AssertionError: Image builder NAME is not registered.`' },
    why: `flytekit picks the image builder by the exact name in \`builder\` among the registered plugins (${BUILDER_NAMES.map((b) => `\`${b}\``).join(', ')}); any other name fails the build with \`AssertionError: Image builder NAME is not registered.\` Names are case-sensitive. Leave \`builder\` unset to use the highest-priority installed builder.`,
    example: 'image = ImageSpec(name="etl", builder="dfault")',
    fixed: 'image = ImageSpec(name="etl", builder="default")',
  },
  fixSafety: { kind: 'mixed', note: 'Safe only when the difference is case or surrounding spaces; otherwise a plugin may own the name.' },
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl, ctx) {
    const v = fieldStr(decl, 'builder');
    if (!v) return [];
    const origin = describeOrigin(v);
    const view = projectOf(ctx, decl.file);
    if (BUILDER_NAMES.includes(v.value) || BUILDER_PACKAGES.some((p) => p.builder === v.value)) {
      const reg = view.registration(v.value);
      if (reg.state !== 'missing') return [];
      return [
        {
          range: v.range,
          message: `Builder \`${v.value}\`${origin} is not registered where this project runs: ${reg.reason}. The build fails with AssertionError ("Image builder ${v.value} is not registered.")`,
        },
      ];
    }
    if (v.value.trim() === '') {
      return [
        {
          range: v.range,
          message: `builder is empty${origin}: flytekit looks up "" and fails with AssertionError ("Image builder  is not registered."). Remove \`builder\` to use the default, or name one of ${BUILDER_NAMES.join(', ')}`,
        },
      ];
    }
    const cands = closest(v.value.trim(), BUILDER_NAMES, Math.max(2, Math.floor(v.value.length / 3)));
    // The project registers builders of its own: a name far from every known one may be one of them.
    if (cands.length === 0 && view.registersBuilders()) return [];
    const fixes = cands
      .slice(0, 3)
      .map((c, i): Fix | undefined =>
        strFix(decl, v, c, `Use builder \`${c}\``, {
          preferred: i === 0,
          // Only a difference of case or surrounding spaces is certainly a typo; otherwise a plugin may own the name.
          safe: cands.length === 1 && c === v.value.trim().toLowerCase(),
        }),
      )
      .filter((f): f is Fix => f !== undefined);
    return [
      {
        range: v.range,
        message:
          `Unknown builder \`${v.value}\`${origin}: unless a plugin you install registers it, the build fails with AssertionError ("Image builder ${v.value} is not registered.")` +
          (cands.length ? `; did you mean \`${cands[0]}\`?` : `. Known builders: ${BUILDER_NAMES.join(', ')}`),
        fixes,
      },
    ];
  },
};
