// from_debian_base (I:786-826) clones with the secret only when `registry or
// name`; from_uv_script goes through it with its own arguments.

import type { OfflineRule, RuleFinding } from '../server/engine/types';
import { truth, type ArgRef, type BoundCall } from './shared/flyteChain';
import { flyteSince, ownConstructor } from './shared/flyteView';

/** The registry_secret argument that from_debian_base drops, if any. */
export function droppedSecret(call: BoundCall): ArgRef | undefined {
  if (call.method !== 'from_debian_base' && call.method !== 'from_uv_script') return undefined;
  const secret = call.args.get('registry_secret');
  if (!secret || truth(secret.value) !== true) return undefined;
  const registry = call.args.get('registry');
  const name = call.args.get('name');
  // Both must be known to be falsy (or absent).
  if ((registry && truth(registry.value) !== false) || (name && truth(name.value) !== false)) return undefined;
  return secret.ref;
}

export const rule: OfflineRule = {
  code: 'IS709',
  name: 'registry-secret-dropped',
  severity: 'warning',
  summary: '`registry_secret` on a Flyte 2 default image without `registry` or `name`: silently dropped',
  docs: {
    whatItDoes:
      'Reports `registry_secret` passed to `Image.from_debian_base` (or `Image.from_uv_script`) with neither `registry` nor `name`: ' +
      'flyte returns its default image as it is and drops the secret.',
    why:
      'Only with a `registry` or a `name` does `from_debian_base` clone the default image, and only that clone keeps the secret. ' +
      'Without them the secret is lost without a word, so a layer that later pulls or pushes from a private registry runs without credentials.',
    runtimeError: { when: 'push', error: 'the secret is not used: pulls or pushes that need it fail with 401 / 403' },
    example: 'image = flyte.Image.from_debian_base(registry_secret="ghcr-pull")',
    fixed: 'image = flyte.Image.from_debian_base(registry="ghcr.io/acme", name="etl", registry_secret="ghcr-pull")',
  },
  fixSafety: { kind: 'none' },
  appliesTo: [flyteSince('2.0.0', 'from_debian_base keeps registry_secret only when it clones', 'v2.6.5:src/flyte/_image.py:823-826')],
  declKinds: ['flyte2'],
  check(decl, ctx) {
    const own = ownConstructor(decl, ctx);
    if (!own) return [];
    const { view, call: first } = own;
    const ref = first && droppedSecret(first);
    if (!ref) return [];
    const v = view.argValue(ref);
    const out: RuleFinding = {
      range: view.argRange(ref) ?? v?.range ?? view.nameRange(0),
      message:
        `\`registry_secret\` is dropped: without \`registry\` or \`name\`, \`${first.method}\` returns flyte's default image unchanged and ` +
        'the secret is never used. Pass `registry` and `name` for the image the secret is for',
    };
    return [out];
  },
};
