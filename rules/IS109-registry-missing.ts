// Stays silent wherever the registry may be set out of sight:
// - `**kwargs` in the call (decl.opaque);
// - a chained call that is not one of ImageSpec's builders, or that passes
//   `registry=` (a helper of the user's, a newer flytekit method);
// - `spec.registry = ...` or `dataclasses.replace(spec, registry=...)` in the
//   same file;
// - a nested base spec (decl.parent set): it is built first by the same
//   engine and used from the local daemon by the outer build, so it needs no
//   registry of its own;
// - no `builder` while the project installs union/unionai (a dependency, or
//   this module or one beside it imports it): on Union Serverless their
//   remote builder takes over and needs no registry; on BYOC it does not.
//   Which one is not in the project (config `builder` says);
// - a builder that does not push (`noop`, `union`), an unknown one (IS511),
//   or an unknown value.

import { field, fieldStr, type ImageDecl } from '../server/model/decl';
import type { Range } from '../server/model/position';
import type { OfflineRule, RuleContext } from '../server/engine/types';
import { builderMethod, DEFAULT_NAME } from '../server/flytekit/fields';
import { builderPhrase, pushingBuilder } from './shared/builder';
import { flytekitSince } from './shared/sdkRange';

const REGISTRY_ASSIGNED = /\.registry[ \t]*=(?!=)|\breplace\s*\([^)]*\bregistry\s*=/;

export const rule: OfflineRule = {
  code: 'IS109',
  name: 'registry-missing',
  severity: 'warning',
  summary: 'No `registry` with a builder that pushes: the image never leaves the local Docker daemon',
  docs: {
    whatItDoes: 'Reports an ImageSpec without `registry` (or with `None` or `""`) whose builder pushes: flytekit\'s default builder or envd. flytekit then names the image `NAME:TAG`, builds it into the local Docker daemon without `--push`, and registers the task with `NAME:TAG`. Local runs work, so the mistake shows only on the cluster. Silent wherever the registry may be set out of sight (`**kwargs`, a helper call in the chain, `spec.registry = ...` in the file, a nested base spec) and when a remote builder may take over (no builder named or configured while the project installs union/unionai: a dependency file says so, or the module or one beside it imports it).',
    runtimeError: { when: 'task-start', error: 'the cluster looks the image up on Docker Hub (`docker.io/library/NAME`) and cannot pull it: ImagePullBackOff' },
    why:
      'Without `registry`, flytekit names the image `NAME:TAG` and the default builder runs `docker image build` without ' +
      '`--push`: the image exists only in your local Docker daemon. The task is registered with the image `NAME:TAG`, which ' +
      'a remote cluster looks up on Docker Hub (`docker.io/library/NAME`) and fails to pull (ImagePullBackOff). Local ' +
      'runs work, so the mistake shows only on the cluster. Set `registry` to a registry the cluster can pull from ' +
      '(`localhost:30000` for the Flyte sandbox). The remote `union` builder and `noop` need no registry.',
    example: 'image = ImageSpec(name="etl", packages=["pandas"])',
    fixed: 'image = ImageSpec(name="etl", packages=["pandas"], registry="ghcr.io/my-org")',
  },
  fixSafety: { kind: 'none', note: 'Only the user knows where the cluster pulls from.' },
  appliesTo: [flytekitSince("flytekit's own default builder (which builds without --push when no registry is set)", (b) => b.defaultBuilder !== undefined)],
  check(decl, ctx) {
    if (decl.parent || decl.opaque) return [];
    for (const c of decl.chain) {
      if (!builderMethod(c.method) || c.kwargs.some((k) => k.name === 'registry')) return [];
    }
    // Asked once per file: per declaration, a file with thousands of them was quadratic.
    if (ctx.perFile('registry assigned', () => REGISTRY_ASSIGNED.test(ctx.text))) return [];

    const reg = field(decl, 'registry');
    let range: Range;
    let what: string;
    if (!reg) {
      range = decl.calleeRange;
      what = 'No `registry`';
    } else if (reg.value.kind === 'none') {
      range = reg.value.range;
      what = '`registry` is None';
    } else if (reg.value.kind === 'str' && reg.value.value === '') {
      range = reg.value.range;
      what = reg.value.envDefault
        ? `\`registry\` is empty when $${reg.value.envDefault} is unset (the default of $${reg.value.envDefault})`
        : '`registry` is empty (flytekit treats `""` as no registry)';
    } else {
      return [];
    }

    const builder = pushingBuilder(decl, ctx);
    if (!builder) return [];
    if (builder.from !== 'spec' && /^(union|unionai)\./.test(calleeText(decl, ctx))) return [];

    const nameV = fieldStr(decl, 'name');
    const nameField = field(decl, 'name');
    const name = nameV ? nameV.value.toLowerCase() : nameField ? 'NAME' : DEFAULT_NAME;
    const by = builderPhrase(builder);
    return [
      {
        range,
        message:
          `${what}: ${by} builds \`${name}:TAG\` into the local Docker daemon and never pushes it, and the task is registered ` +
          `with the image \`${name}:TAG\`, which a remote cluster looks up on Docker Hub and fails to pull; set \`registry\` to one ` +
          'the cluster can pull from (`localhost:30000` for the Flyte sandbox), or, on Union, let Union build it (`builder="union"`)',
      },
    ];
  },
};

/** The callee as written (`union.ImageSpec`), when it is on one line. */
function calleeText(decl: ImageDecl, ctx: RuleContext): string {
  const r = decl.calleeRange;
  return r.start.line === r.end.line ? ctx.lines.slice(r) : '';
}
