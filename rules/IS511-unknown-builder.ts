// A warning, not an error: a third-party plugin may register other names.

import { describeOrigin, fieldStr } from '../server/model/decl';
import type { Fix, OfflineRule } from '../server/engine/types';
import { closest, strFix } from '../server/engine/ruleKit';
import { BUILDER_NAMES } from '../server/flytekit/fields';

export const rule: OfflineRule = {
  code: 'IS511',
  name: 'unknown-builder',
  severity: 'warning',
  summary: `Unknown \`builder\` (known: ${BUILDER_NAMES.join(', ')})`,
  docs: {
    whatItDoes: 'Reports a `builder` no known plugin registers (names are case-sensitive; flytekit looks the name up as written), including an empty one.',
    runtimeError: { when: 'build', error: '`AssertionError: Image builder NAME is not registered.`' },
    why: `flytekit picks the image builder by the exact name in \`builder\` among the registered plugins (${BUILDER_NAMES.map((b) => `\`${b}\``).join(', ')}); any other name fails the build with \`AssertionError: Image builder NAME is not registered.\` Names are case-sensitive. Leave \`builder\` unset to use the highest-priority installed builder.`,
    example: 'image = ImageSpec(name="etl", builder="dfault")',
    fixed: 'image = ImageSpec(name="etl", builder="default")',
  },
  fixSafety: { kind: 'mixed', note: 'Safe only when the difference is case or surrounding spaces; otherwise a plugin may own the name.' },
  appliesTo: [{ sdk: 'flytekit' }],
  check(decl) {
    const v = fieldStr(decl, 'builder');
    if (!v || BUILDER_NAMES.includes(v.value)) return [];
    const origin = describeOrigin(v);
    if (v.value.trim() === '') {
      return [
        {
          range: v.range,
          message: `builder is empty${origin}: flytekit looks up "" and fails with AssertionError ("Image builder  is not registered."). Remove \`builder\` to use the default, or name one of ${BUILDER_NAMES.join(', ')}`,
        },
      ];
    }
    const cands = closest(v.value.trim(), BUILDER_NAMES, Math.max(2, Math.floor(v.value.length / 3)));
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
